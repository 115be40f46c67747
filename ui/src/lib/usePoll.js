// Load something now and again every `period` ms while mounted; the latest answer or error.
import { useCallback, useEffect, useRef, useState } from 'react';

export function usePoll(load, period, deps = []) {
  const [state, setState] = useState({ loading: true, data: undefined, error: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let stopped = false;
    let controller = null;
    const run = async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const data = await loadRef.current(controller.signal);
        if (!stopped) setState({ loading: false, data, error: null });
      } catch (error) {
        if (!stopped && !controller.signal.aborted) setState((current) => ({ ...current, loading: false, error }));
      }
    };
    run();
    const timer = period ? setInterval(run, period) : null;
    return () => {
      stopped = true;
      controller?.abort();
      if (timer) clearInterval(timer);
    };
  }, [period, tick, ...deps]); // eslint-disable-line react-hooks/exhaustive-deps

  return { ...state, reload };
}
