// The footer on every page (spec/ui.md §2.5): version and the site's footer (ICP) text; it
// reloads when Settings changes the text (§9.1.9).
import { useEffect, useState } from 'react';
import { useSession } from '../session.jsx';
import { errorSummary } from './ErrorAlert.jsx';

export default function Footer() {
  const { api, footerVersion } = useSession();
  const [state, setState] = useState({});
  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    Promise.all([api.get('/terraform/v1/mgmt/versions', { signal }), api.get('/terraform/v1/mgmt/beian/query', { signal })])
      .then(([versions, beian]) => setState({ version: versions?.version, icp: beian?.icp }))
      .catch((error) => !signal.aborted && setState({ error }));
    return () => controller.abort();
  }, [api, footerVersion]);
  return (
    <footer className="text-center small text-body-secondary py-3 border-top" data-testid="footer">
      <a href="https://github.com/ossrs/srs-cloud" target="_blank" rel="noreferrer" className="link-secondary">
        ©srs-cloud{state.version ? `/v${state.version.replace(/^v/, '')}` : ''}
      </a>
      {state.icp ? (
        <>
          {' '}
          <a href="https://beian.miit.gov.cn" target="_blank" rel="noreferrer" className="link-secondary" data-testid="footer-icp">
            {state.icp}
          </a>
        </>
      ) : null}
      {state.error ? <span className="text-danger ms-2">{errorSummary(state.error)}</span> : null}
    </footer>
  );
}
