// Asks the engine's API which engine runs (lib/engine.js); null until it answered.
import { useEffect, useState } from 'react';
import { useApi } from '../session.jsx';
import { engineFromVersions } from './engine.js';

export function useEngine() {
  const api = useApi();
  const [engine, setEngine] = useState(null);
  useEffect(() => {
    const controller = new AbortController();
    api
      .get('/api/v1/versions', { signal: controller.signal, timeout: 5000 })
      .then((answer) => setEngine(engineFromVersions({ code: 0, data: answer?.data ?? answer })))
      .catch(() => !controller.signal.aborted && setEngine({ kind: 'nginx-rtmp' }));
    return () => controller.abort();
  }, [api]);
  return engine;
}
