// The preflight marker of the Requests table: on a CORS preflight and on the hop it guarded (the one
// pairing, which the analysis worker sends with each row of the table's window), a small button
// that selects the partner.
import type { PreflightMarkerData } from '../../workers/requests-window.ts';
import { useStore } from '../../store/store.ts';

export function PreflightMarker({ marker }: { marker: PreflightMarkerData | undefined }) {
  const store = useStore();
  if (!marker) return null;
  const n = marker.partnerIndex !== undefined ? marker.partnerIndex + 1 : '?';
  const label = marker.isPreflight ? `preflight of #${n}` : `preflight #${n}`;
  return (
    <button
      type="button"
      class={`preflight-marker ${marker.isPreflight ? 'is-preflight' : 'has-preflight'}`}
      title={marker.isPreflight ? `CORS preflight: select the request it guarded (#${n})` : `Guarded by a CORS preflight: select it (#${n})`}
      aria-label={label}
      onClick={(e) => {
        e.stopPropagation();
        store.actions.select(marker.partnerId);
      }}
    >
      {marker.isPreflight ? '⇢' : '⇠'} {label}
    </button>
  );
}
