// Success and failure feedback for every action (spec/ui.md §9.1.3): toasts in an aria-live
// region instead of alert().
import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { Toast, ToastContainer } from 'react-bootstrap';

const ToastContext = createContext(() => {});

export function useNotify() {
  return useContext(ToastContext);
}

export function ToastProvider({ children }) {
  const [toasts, setToasts] = useState([]);
  const next = useRef(1);
  const notify = useCallback((kind, text) => {
    const id = next.current++;
    setToasts((list) => [...list, { id, kind, text }]);
  }, []);
  const close = (id) => setToasts((list) => list.filter((toast) => toast.id !== id));
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <ToastContainer position="top-end" className="p-3 position-fixed" style={{ zIndex: 1080 }} aria-live="polite" role="status">
        {toasts.map((toast) => (
          <Toast key={toast.id} bg={toast.kind} onClose={() => close(toast.id)} delay={toast.kind === 'danger' ? 8000 : 4000} autohide data-testid={`toast-${toast.kind}`}>
            <Toast.Header closeButton>
              <strong className="me-auto">SRS Cloud</strong>
            </Toast.Header>
            <Toast.Body className={toast.kind === 'warning' ? '' : 'text-white'}>{toast.text}</Toast.Body>
          </Toast>
        ))}
      </ToastContainer>
    </ToastContext.Provider>
  );
}
