// App-wide state the pages share: the API client, the login token, whether the admin password
// is set, and the current language. Held by App; read through useSession().
import { createContext, useContext } from 'react';

export const SessionContext = createContext(null);

export function useSession() {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionContext');
  return session;
}

export function useApi() {
  return useSession().api;
}
