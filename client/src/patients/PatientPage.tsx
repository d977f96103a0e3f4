import { useParams } from 'react-router';
import { PatientDetailScreen } from './PatientDetailScreen';
import { usePatientDetail } from './usePatientDetail';

/** Route element for /wards/:wardId/beds/:bedId (behind the ward.patient gate for people, App.tsx). */
export function PatientPage() {
  const { wardId = '', bedId = '' } = useParams();
  const { detail, error, loading, serverNow, reload } = usePatientDetail(wardId, bedId);
  return <PatientDetailScreen wardId={wardId} detail={detail} error={error} serverNow={serverNow} {...(loading ? {} : { onReload: reload })} />;
}
