// The preflight marker of the Requests table: on a CORS preflight and on the hop it guarded (the one
// pairing, from the CORS analysis the worker sent), a small button that selects the partner.
import type { NetworkRequest } from '../../../src/core/records.ts';
import { pairOfPreflight, preflightsOf } from '../../../src/core/analysis/cors/index.ts';
import { useStore } from '../../store/store.ts';

export function PreflightMarker({ request: r }: { request: NetworkRequest }) {
  const store = useStore();
  const d = store.cors.analysis.value;
  if (!d) return null;
  const guarded = pairOfPreflight(d.pairing, r.id);
  const partner = guarded ? guarded.hopId : preflightsOf(d.pairing, r.id).at(-1)?.preflightId;
  if (partner === undefined) return null;
  const other = store.records.request(partner);
  const label = guarded ? `preflight of #${other ? other.index + 1 : '?'}` : `preflight #${other ? other.index + 1 : '?'}`;
  return (
    <button
      type="button"
      class={`preflight-marker ${guarded ? 'is-preflight' : 'has-preflight'}`}
      title={guarded ? `CORS preflight: select the request it guarded (#${other ? other.index + 1 : '?'})` : `Guarded by a CORS preflight: select it (#${other ? other.index + 1 : '?'})`}
      aria-label={label}
      onClick={(e) => {
        e.stopPropagation();
        store.actions.select(partner);
      }}
    >
      {guarded ? '⇢' : '⇠'} {label}
    </button>
  );
}
