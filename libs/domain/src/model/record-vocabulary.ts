import type { JobStatus, Role, TokenScope, VcsType } from '@stowage/contracts';
import type { ApiTokenScope, JobStatusRecord, MembershipRole, VcsTypeRecord } from './records';

/** The one mapping between the contracts' words (lower case) and the stored enums (upper case). */
const VCS_TYPE_RECORDS = { github: 'GITHUB', bitbucket: 'BITBUCKET', circleci: 'CIRCLECI' } as const satisfies Record<VcsType, VcsTypeRecord>;
const JOB_STATUS_RECORDS = {
  queued: 'QUEUED',
  running: 'RUNNING',
  success: 'SUCCESS',
  failed: 'FAILED',
  canceled: 'CANCELED',
} as const satisfies Record<JobStatus, JobStatusRecord>;
const ROLE_RECORDS = { admin: 'ADMIN', member: 'MEMBER' } as const satisfies Record<Role, MembershipRole>;
const TOKEN_SCOPE_RECORDS = { all: 'ALL', upload: 'UPLOAD', read: 'READ', 'upload-read': 'UPLOAD_READ' } as const satisfies Record<TokenScope, ApiTokenScope>;
const TOKEN_SCOPES_BY_RECORD = Object.fromEntries(Object.entries(TOKEN_SCOPE_RECORDS).map(([scope, record]) => [record, scope])) as Record<ApiTokenScope, TokenScope>;

export const vcsTypeRecordOf = (vcs: VcsType): VcsTypeRecord => VCS_TYPE_RECORDS[vcs];
export const vcsTypeOf = (record: VcsTypeRecord): VcsType => record.toLowerCase() as VcsType;
export const jobStatusRecordOf = (status: JobStatus): JobStatusRecord => JOB_STATUS_RECORDS[status];
export const jobStatusOf = (record: JobStatusRecord): JobStatus => record.toLowerCase() as JobStatus;
export const roleRecordOf = (role: Role): MembershipRole => ROLE_RECORDS[role];
export const roleOf = (record: MembershipRole): Role => record.toLowerCase() as Role;
// A token scope's word is not its record's in lower case ('upload-read' is stored as UPLOAD_READ).
export const tokenScopeRecordOf = <S extends TokenScope>(scope: S): (typeof TOKEN_SCOPE_RECORDS)[S] => TOKEN_SCOPE_RECORDS[scope];
export const tokenScopeOf = (record: ApiTokenScope): TokenScope => TOKEN_SCOPES_BY_RECORD[record];
