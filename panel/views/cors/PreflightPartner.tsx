// The CORS preflight partner of a request hop, from the one pairing (src/core/analysis/cors): on a
// preflight, the exact hop it guarded; on a request hop, the preflight(s) that guarded it. A button
// selects the partner everywhere.
import type { NetworkRequest } from '../../../src/core/records.ts';
import { pairOfPreflight, preflightsOf } from '../../../src/core/analysis/cors/index.ts';
import { useStore } from '../../store/store.ts';

export function PreflightPartner({ request: r }: { request: NetworkRequest }) {
  const store = useStore();
  const pairing = store.cors.analysis.value?.pairing;
  if (pairing === undefined) return null;
  const rec = store.records;
  const guarded = pairOfPreflight(pairing, r.id);
  const partners = guarded ? [guarded.hopId] : preflightsOf(pairing, r.id).map((p) => p.preflightId);
  const unpaired = pairing.unpaired.find((u) => u.preflightId === r.id);
  if (partners.length === 0 && unpaired === undefined) return null;
  return (
    <p class="preflight-partner">
      {guarded ? 'CORS preflight of ' : unpaired ? 'CORS preflight of a request not in the recording' : 'Guarded by the CORS preflight '}
      {partners.map((id) => {
        const other = rec?.request(id);
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
