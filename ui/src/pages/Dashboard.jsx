// Dashboard (spec/ui.md §5.4, with §9.1.14 and §9.2): live streams, and the CPU chart from
// Prometheus (average over cores, refreshed every 30 s, an inline notice when it is down).
import { useMemo } from 'react';
import { Alert, Card, Spinner, Tab, Tabs } from 'react-bootstrap';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { useApi } from '../session.jsx';
import { usePoll } from '../lib/usePoll.js';
import { useTab } from '../lib/useTab.js';
import { useEngine } from '../lib/useEngine.js';
import LiveStreams from '../components/LiveStreams.jsx';
import { errorSummary } from '../components/ErrorAlert.jsx';

export const CPU_QUERY = '(1 - avg by(mode) (rate(node_cpu_seconds_total{mode="idle"}[1m]))) * 100';

function prometheusLink() {
  const query = new URLSearchParams({ 'g0.expr': CPU_QUERY, 'g0.tab': '0', 'g0.stacked': '0', 'g0.show_exemplars': '0', 'g0.range_input': '1h' });
  return `/prometheus/graph?${query}`;
}

function CpuChart() {
  const { t } = useTranslation();
  const api = useApi();
  const { data, error, loading } = usePoll(
    (signal) => {
      const end = Date.now() / 1000;
      const query = new URLSearchParams({ query: CPU_QUERY, start: String(end - 3600), end: String(end), step: '30' });
      return api.get(`/prometheus/api/v1/query_range?${query}`, { signal, timeout: 10000, auth: true });
    },
    30000,
    [api],
  );
  const points = useMemo(() => {
    const values = data?.data?.result?.[0]?.values || data?.result?.[0]?.values || [];
    return values.map(([time, value]) => {
      const d = new Date(time * 1000);
      return { time: `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`, cpu: Number(Number(value).toFixed(1)) };
    });
  }, [data]);
  if (loading) return <Spinner animation="border" size="sm" />;
  if (error) {
    return (
      <Alert variant="warning" data-testid="prometheus-down">
        {t('dashboard.prometheusDown')} ({errorSummary(error)})
      </Alert>
    );
  }
  return (
    <div style={{ width: '100%', height: 320 }}>
      <ResponsiveContainer>
        <AreaChart data={points} margin={{ top: 10, right: 20, left: 0, bottom: 0 }}>
          <defs>
            <linearGradient id="cpu" x1="0" y1="0" x2="0" y2="1">
              <stop offset="5%" stopColor="#198754" stopOpacity={0.8} />
              <stop offset="95%" stopColor="#198754" stopOpacity={0} />
            </linearGradient>
          </defs>
          <XAxis dataKey="time" />
          <YAxis domain={[0, 100]} />
          <CartesianGrid strokeDasharray="3 3" />
          <Tooltip />
          <Area type="monotone" dataKey="cpu" stroke="#198754" fill="url(#cpu)" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

export default function Dashboard() {
  const { t } = useTranslation();
  const [tab, select] = useTab(['streams', 'sys'], 'streams');
  const engine = useEngine();
  return (
    <Tabs activeKey={tab} onSelect={select} className="mb-3" mountOnEnter unmountOnExit data-testid="dashboard-tabs">
      <Tab eventKey="streams" title={t('dashboard.streams')}>
        <LiveStreams engine={engine} />
      </Tab>
      <Tab eventKey="sys" title={t('dashboard.sys')}>
        <Card>
          <Card.Header className="d-flex justify-content-between flex-wrap gap-2">
            <span>CPU %</span>
            <a href={prometheusLink()} target="_blank" rel="noreferrer">
              {t('dashboard.prometheus')}
            </a>
          </Card.Header>
          <Card.Body>
            <CpuChart />
          </Card.Body>
        </Card>
      </Tab>
    </Tabs>
  );
}
