// Tutorials tab (spec/ui.md §5.5.1, §5.9, §9.1.17): bilibili videos in Chinese, looked up when
// the tab opens, with a time limit and a plain link when the lookup fails; documentation links
// in English.
import { useEffect, useState } from 'react';
import { Card, Col, Row } from 'react-bootstrap';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../session.jsx';

export const TUTORIAL_VIDEOS = [
  ['SRS', 'BV1844y1L7dL'],
  ['徐光磊', 'BV1RS4y1G7tb'],
  ['程晓龙', 'BV1tZ4y1R7qp'],
  ['SRS', 'BV1Nb4y1t7ij'],
  ['瓦全', 'BV1SF411t7Li'],
  ['王大江', 'BV16r4y1q7ZT'],
  ['骆合祥', 'BV16T4y1U7CN'],
  ['马景瑞', 'BV1c341177e7'],
  ['周亮', 'BV1gT4y1U76d'],
  ['崔国栋', 'BV1aS4y1G7iG'],
  ['SRS', 'BV1KY411V7uc'],
  ['唐为', 'BV14S4y1k7gr'],
  ['SRS', 'BV1cq4y1e7Au'],
];

const DOCS = [
  ['Getting started', 'https://ossrs.io/lts/en-us/docs/v5/doc/getting-started'],
  ['RTMP and OBS', 'https://ossrs.io/lts/en-us/docs/v5/doc/sample-rtmp'],
  ['HTTP-FLV', 'https://ossrs.io/lts/en-us/docs/v5/doc/sample-http-flv'],
  ['HLS', 'https://ossrs.io/lts/en-us/docs/v5/doc/sample-hls'],
  ['WebRTC', 'https://ossrs.io/lts/en-us/docs/v5/doc/webrtc'],
  ['SRT', 'https://ossrs.io/lts/en-us/docs/v5/doc/srt'],
];

export function VideoCards({ videos }) {
  const { t } = useTranslation();
  const api = useApi();
  const [found, setFound] = useState({});
  useEffect(() => {
    const controller = new AbortController();
    for (const [, bvid] of videos) {
      api
        .post('/terraform/v1/mgmt/bilibili', { bvid }, { signal: controller.signal, timeout: 8000 })
        .then((data) => setFound((current) => ({ ...current, [bvid]: data })))
        .catch(() => {}); // a missing title leaves the plain link below
    }
    return () => controller.abort();
  }, [api, videos]);
  const sorted = [...videos].sort(([, a], [, b]) => (found[b]?.stat?.view || 0) - (found[a]?.stat?.view || 0));
  return (
    <Row xs={1} md={2} lg={3} className="g-3" data-testid="tutorial-cards">
      {sorted.map(([author, bvid]) => {
        const data = found[bvid];
        return (
          <Col key={bvid}>
            <Card className="h-100">
              <Card.Body>
                <Card.Title as="h3" className="h6">
                  <a href={`https://www.bilibili.com/video/${bvid}`} target="_blank" rel="noreferrer">
                    {data?.title || bvid}
                  </a>
                </Card.Title>
                <Card.Subtitle className="small text-body-secondary">
                  {t('tutorials.by', { author })}
                  {data?.stat ? ` · ${t('tutorials.views', { count: data.stat.view })} · ${t('tutorials.likes', { count: data.stat.like })}` : ''}
                </Card.Subtitle>
              </Card.Body>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

export default function Tutorials() {
  const { t, i18n } = useTranslation();
  if (i18n.language === 'zh') return <VideoCards videos={TUTORIAL_VIDEOS} />;
  return (
    <div data-testid="tutorial-docs">
      <p>{t('tutorials.docs')}</p>
      <ul>
        {DOCS.map(([title, url]) => (
          <li key={url}>
            <a href={url} target="_blank" rel="noreferrer">
              {title}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
