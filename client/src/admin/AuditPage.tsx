import type { AuditPage as AuditPageData, AuditVerification } from '@wardflow/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { apiFetch, errorText } from '../auth/api';
import { useApiGet } from '../auth/useApiGet';
import { auditApiUrl, auditCsvUrl, filtersOf, paramsOf, type AuditFilters } from './audit-query';
import { AuditScreen, type VerifyState } from './AuditScreen';

/** Route element for /admin/audit (behind the audit.view gate, App.tsx). Filters live in the page address. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const { data, error } = useApiGet<AuditPageData>(auditApiUrl(params));
  const [filterError, setFilterError] = useState<string | null>(null);
  const [verify, setVerify] = useState<VerifyState>({ result: null, error: null, busy: false });

  const apply = (filters: AuditFilters) => {
    const checked = paramsOf(filters);
    if ('error' in checked) {
      setFilterError(checked.error);
      return;
    }
    setFilterError(null);
    setParams(checked.params);
  };
  const older =
    data?.nextBefore == null
      ? null
      : () => {
          const next = new URLSearchParams(params);
          next.set('before', String(data.nextBefore));
          setParams(next);
        };
  const newest = () => {
    const next = new URLSearchParams(params);
    next.delete('before');
    setParams(next);
  };
  const runVerify = () => {
    setVerify({ result: null, error: null, busy: true });
    apiFetch<AuditVerification>('/api/audit/verify').then(
      (result) => setVerify({ result, error: null, busy: false }),
      (e: unknown) => setVerify({ result: null, error: errorText(e), busy: false }),
    );
  };
  return (
    <AuditScreen
      applied={filtersOf(params)}
      onApply={apply}
      filterError={filterError}
      page={data}
      error={error}
      older={params.has('before')}
      onOlder={older}
      onNewest={newest}
      csvHref={auditCsvUrl(params)}
      verify={verify}
      onVerify={runVerify}
    />
  );
}
