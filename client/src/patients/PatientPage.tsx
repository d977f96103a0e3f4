import type { PatientDetail } from '@wardflow/shared';
import { useParams } from 'react-router';
import { useServerTimedApi } from '../api/useApi';
import { PatientDetailScreen } from './PatientDetailScreen';

/**
 * Route element for /wards/:wardId/beds/:bedId (behind the ward.patient gate for people, App.tsx).
 * Read when the page opens and when the person asks again, never on a timer: every read is a view
 * recorded in the audit log.
 */
export function PatientPage() {
  const { wardId = '', bedId = '' } = useParams();
  const url = `/api/wards/${encodeURIComponent(wardId)}/beds/${encodeURIComponent(bedId)}/patient`;
  const { data, error, loading, serverNow, reload } = useServerTimedApi<PatientDetail>(url);
  return (
    <PatientDetailScreen
      wardId={wardId}
      detail={data}
      error={error}
      serverNow={serverNow}
      {...(loading ? {} : { onReload: reload })}
    />
  );
}
