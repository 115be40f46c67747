// One user action against the API: busy while it runs, a success toast, the error kept for an
// inline alert (spec/ui.md §9.1.1, §9.1.3, §9.1.10).
import { useCallback, useState } from 'react';
import { useNotify } from '../components/Toasts.jsx';

export function useAction() {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const run = useCallback(
    async (work, successText) => {
      setBusy(true);
      setError(null);
      try {
        const result = await work();
        if (successText) notify('success', successText);
        return { ok: true, result };
      } catch (e) {
        setError(e);
        notify('danger', e.message || String(e));
        return { ok: false, error: e };
      } finally {
        setBusy(false);
      }
    },
    [notify],
  );
  return { busy, error, clearError: () => setError(null), run };
}
