import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { DigestPreviewScreen } from './DigestPreviewScreen';

const preview = {
  leadId: 'matron-site-1',
  week: '2026-03-30',
  subject: 'Ward safety digest, week of Mon 30 Mar 2026: 1 of 2 wards may need extra support',
  dataAsOf: '2026-03-30T05:45:00Z',
  html: '<!doctype html><html><body><p>Ward 2A</p></body></html>',
};

describe('DigestPreviewScreen', () => {
  it('should show the subject, the week and the data time, and the email in a sandboxed frame loaded from its own address', () => {
    render(
      <MemoryRouter>
        <DigestPreviewScreen leadId="matron-site-1" preview={preview} error={null} />
      </MemoryRouter>,
    );
    expect(screen.getByTestId('preview-subject').textContent).toBe(preview.subject);
    expect(screen.getByTestId('preview-as-of').textContent).toBe('Mon 30 Mar 06:45 BST');
    const frame = screen.getByTitle('Email to matron-site-1');
    expect(frame.getAttribute('sandbox')).toBe('');
    // The server's HTML preview carries its own CSP (inline styles allowed); srcdoc would inherit this page's.
    expect(frame.getAttribute('src')).toBe('/api/digests/preview?lead=matron-site-1&format=html');
    expect(frame.getAttribute('srcdoc')).toBeNull();
    expect(screen.getByRole('link', { name: 'All leads and the ledger' }).getAttribute('href')).toBe('/digests');
  });

  it('should say why the preview failed', () => {
    render(
      <MemoryRouter>
        <DigestPreviewScreen leadId="nobody" preview={null} error="the server answered 404: Unknown lead nobody" />
      </MemoryRouter>,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not load the preview for nobody: the server answered 404: Unknown lead nobody',
    );
    expect(screen.queryByTitle('Email to nobody')).toBeNull();
  });
});
