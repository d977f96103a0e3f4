import type { AuditPage as AuditPageData, AuditVerification } from '@wardflow/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../api/useApi';
import { auditApiUrl, auditCsvUrl, filtersOf, paramsOf, type AuditFilters } from './audit-query';
import { AuditScreen, type VerifyState } from './AuditScreen';

/** Route element for /admin/audit (behind the audit.view gate, App.tsx). Filters live in the page address. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const { data, error } = useApi<AuditPageData>(auditApiUrl(params));
  const [filterError, setFilterError] = useState<string | null>(null);
  // The chain is checked only when a person asks (it is slow on a large log), and again on each press.
  const [verifyAsked, setVerifyAsked] = useState(false);
  const check = useApi<AuditVerification>(verifyAsked ? '/api/audit/verify' : null);
  // While a check runs, or after one failed, no earlier verdict is shown.
  const verify: VerifyState = {
    result: check.loading || check.error !== null ? null : check.data,
    error: check.loading ? null : check.error,
    busy: check.loading,
  };

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
  const runVerify = () => (verifyAsked ? check.reload() : setVerifyAsked(true));
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
