// The CORS preflight partner of a request hop, from the one pairing (src/core/analysis/cors, in the
// analysis worker): on a preflight, the exact hop it guarded; on a request hop, the preflight(s)
// that guarded it. A button selects the partner everywhere.
import { useEffect, useState } from 'preact/hooks';
import type { NetworkRequest } from '../../../src/core/records.ts';
import type { PreflightPartners } from '../../workers/analysis-service.ts';
import { useStore } from '../../store/store.ts';

export function PreflightPartner({ request: r }: { request: NetworkRequest }) {
  const store = useStore();
  const loader = store.loader.value;
  const [info, setInfo] = useState<PreflightPartners | undefined>(undefined);
  // Asked again for another hop, and once the hop finished (its partner may have come since).
  useEffect(() => {
    if (!loader) return;
    let current = true;
    store.backend
      .analysis()
      .preflightPartners(loader.sessionId, loader.lastSeq, r.id)
      .then((answer) => current && setInfo(answer), () => undefined);
    return () => {
      current = false;
    };
  }, [loader, r.id, r.finished]);
  if (!info || info.hopId !== r.id) return null;
  const guarded = info.isPreflight;
  const partners = info.partnerIds;
  if (partners.length === 0 && !info.unpaired) return null;
  return (
    <p class="preflight-partner">
      {guarded ? 'CORS preflight of ' : info.unpaired ? 'CORS preflight of a request not in the recording' : 'Guarded by the CORS preflight '}
      {partners.map((id) => {
        const other = store.records.request(id);
        const hop = other && guarded && other.redirectHop > 0 ? ` (redirect hop ${other.redirectHop})` : '';
        return (
          <button key={id} type="button" class="link" title="Select it" onClick={() => store.actions.select(id)}>
            {other ? `#${other.index + 1} ${other.method}${hop}` : id}
          </button>
        );
      })}
    </p>
  );
}
