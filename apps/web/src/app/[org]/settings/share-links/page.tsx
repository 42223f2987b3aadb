import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '../../../../components/shell/page-header';
import { Badge } from '../../../../components/ui/badge';
import { OrgSettingsNav } from '../../../../features/organizations/org-settings-nav';
import { isAdmin } from '../../../../features/organizations/roles';
import { ShareLinksSwitch } from '../../../../features/share-links/share-links-switch';
import { parseOrgSlug } from '../../../../lib/app-paths';
import { loadOrganization, loadShareLinksSetting } from '../../../../server/loaders';

export const metadata: Metadata = { title: 'Share links' };

export default async function OrganizationShareLinksPage({ params }: { params: Promise<{ org: string }> }) {
  const org = parseOrgSlug((await params).org) ?? notFound();
  const organization = await loadOrganization(org);
  // Visitors of a public project are not members: the organization's settings are not theirs.
  if (!organization.role) notFound();
  const { enabled } = await loadShareLinksSetting(org);
  const admin = isAdmin(organization.role);

  return (
    <>
      <PageHeader
        eyebrow={`${organization.name} · Settings`}
        title="Share links"
        description="Members may share artifacts through public, expiring links that open without an account. Each project lists its links under its settings."
      />
      <OrgSettingsNav organization={organization} current="share-links" />
      <section aria-labelledby="share-links-state" className="space-y-3 rounded-md border border-zinc-200 bg-white p-4">
        <h2 id="share-links-state" className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
          Share links for {organization.name}
          <Badge tone={enabled ? 'green' : 'neutral'}>
            <span data-testid="share-links-state">{enabled ? 'On' : 'Off'}</span>
          </Badge>
        </h2>
        <p className="text-sm text-zinc-700">
          {enabled
            ? 'Links work until they expire or are revoked, and members can make new ones from a job’s Artifacts tab.'
            : 'Every link of this organization answers “not found”, and no new link can be made.'}
        </p>
        {admin ? <ShareLinksSwitch org={org} enabled={enabled} /> : <p className="text-xs text-zinc-600">Only organization admins can turn share links on or off.</p>}
      </section>
    </>
  );
}
