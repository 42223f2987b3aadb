import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '../../../../components/shell/page-header';
import { Badge } from '../../../../components/ui/badge';
import { Notice } from '../../../../components/ui/notice';
import { AddMemberForm } from '../../../../features/members/add-member-form';
import { MemberActions } from '../../../../features/members/member-actions';
import { OrgSettingsNav } from '../../../../features/organizations/org-settings-nav';
import { isAdmin, roleLabel } from '../../../../features/organizations/roles';
import { parseOrgSlug } from '../../../../lib/app-paths';
import { countOf } from '../../../../lib/plural';
import { loadOrganization } from '../../../../server/loaders';
import { getApi, getViewer, orNotFound } from '../../../../server/stowage-api';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const org = parseOrgSlug((await params).org) ?? notFound();
  const organization = await loadOrganization(org);
  // Visitors of a public project are not members: the member list is for members only.
  if (!organization.role) notFound();
  const [members, viewer] = await Promise.all([orNotFound((await getApi()).call('listMembers', { params: { org } })), getViewer()]);
  const viewerId = viewer.status === 'signed-in' ? viewer.me.id : null;
  const admin = isAdmin(organization.role);
  const adminCount = members.filter((member) => member.role === 'admin').length;

  return (
    <>
      <PageHeader
        eyebrow={`${organization.name} · Settings`}
        title="Members"
        description={admin ? 'Add people, change what they may do, or remove them.' : `The people of ${organization.name} and their roles.`}
      />
      <OrgSettingsNav organization={organization} current="members" />
      <div className="space-y-4">
        {admin ? (
          <AddMemberForm org={org} />
        ) : (
          <Notice tone="info" title="Read-only">
            Only organization admins can add, change or remove members.
          </Notice>
        )}
        <section aria-labelledby="members-heading" className="rounded-md border border-zinc-200 bg-white">
          <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-zinc-200 px-4 py-3">
            <h2 id="members-heading" className="text-sm font-semibold text-zinc-900">
              {countOf(members.length, 'member')}
            </h2>
            <p className="text-xs text-zinc-600">{countOf(adminCount, 'admin')}; an organization keeps at least one.</p>
          </div>
          <ul aria-labelledby="members-heading" className="divide-y divide-zinc-100">
            {members.map((member) => {
              const isSelf = member.userId === viewerId;
              return (
                <li key={member.userId} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3" data-member-email={member.email} data-member-role={member.role}>
                  <div className="min-w-0 flex-1 basis-48">
                    <p className="flex min-w-0 items-center gap-2 font-medium text-zinc-900">
                      <span className="truncate">{member.name || member.email}</span>
                      {isSelf && <Badge tone="blue">you</Badge>}
                    </p>
                    <p className="truncate text-xs text-zinc-600">{member.email}</p>
                  </div>
                  <Badge tone={member.role === 'admin' ? 'violet' : 'neutral'}>{roleLabel(member.role)}</Badge>
                  {admin && (
                    <div className="w-full sm:w-auto">
                      <MemberActions org={org} organizationName={organization.name} member={member} isSelf={isSelf} />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      </div>
    </>
  );
}
