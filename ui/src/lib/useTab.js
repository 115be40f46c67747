// Tabs controlled by ?tab= (spec/ui.md §2.2, fixed per §9.1.13: back/forward and deep links
// switch the visible tab after mount). Choosing a tab keeps only `tab` in the query, as the
// original did.
import { useSearchParams } from 'react-router-dom';

export function useTab(keys, fallback) {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const active = keys.includes(asked) ? asked : fallback;
  const select = (key) => key && key !== active && setParams({ tab: key });
  return [active, select];
}
