// The admins' staff page: everyone on the staff with role, last sign-in and
// second factor; a form per action (each with its CSRF token); the invite form.
import { formatDateline } from '../../../core/views/format.js';
import { CsrfField, ErrorSummary, TextField } from '../../../core/views/forms.js';
import type { StaffOverview } from '../../accounts/staff-admin.service.js';
import { StaffLayout, type StaffPageProps } from './staff-layout.js';

export const ROLE_LABELS = {
  contributor: 'Contributor',
  author: 'Author',
  editor: 'Editor',
  moderator: 'Moderator',
  admin: 'Administrator',
} as const;

export const STAFF_NOTICES = {
  'role-changed': 'Role changed.',
  'already-staff': 'They already have a staff account and a password, so no invitation was needed; their role is as chosen.',
  deactivated: 'Account deactivated: their sessions have ended and the API keys they own are revoked.',
  reactivated: 'Account reactivated: they can sign in again.',
  'second-factor-reset': 'Two-step verification reset: they set it up again at their next sign-in.',
  'own-account': 'You cannot change your own role, deactivate yourself or reset your own two-step verification here.',
} as const;
export type StaffNotice = keyof typeof STAFF_NOTICES;

export interface InviteModel {
  values: { email: string; name: string; role: string };
  errors: string[];
  /** After an invitation: the one-time link to hand over (it was emailed too). */
  link?: { email: string; url: string; expiresAt: string };
}

function RoleSelect(props: { id: string; selected: string }) {
  return (
    <select id={props.id} name="role">
      {Object.entries(ROLE_LABELS).map(([role, label]) => (
        <option value={role} selected={role === props.selected}>
          {label}
        </option>
      ))}
    </select>
  );
}

function MemberActions(props: { member: StaffOverview; csrfToken: string; isSelf: boolean }) {
  const { member, csrfToken } = props;
  if (props.isSelf) return <p>This is you.</p>;
  const base = `/newsroom/staff/${member.id}`;
  return (
    <div class="staff-actions">
      <form method="post" action={`${base}/role`} class="inline-form">
        <CsrfField token={csrfToken} />
        <label for={`role-${member.id}`} class="visually-hidden">
          Role for {member.name}
        </label>
        <RoleSelect id={`role-${member.id}`} selected={member.role} />
        <button type="submit">
          Change role<span class="visually-hidden"> of {member.name}</span>
        </button>
      </form>
      <form method="post" action={`${base}/${member.deactivated ? 'reactivate' : 'deactivate'}`} class="inline-form">
        <CsrfField token={csrfToken} />
        <button type="submit">
          {member.deactivated ? 'Reactivate' : 'Deactivate'}
          <span class="visually-hidden"> {member.name}</span>
        </button>
      </form>
      {member.hasSecondFactor ? (
        <form method="post" action={`${base}/reset-second-factor`} class="inline-form">
          <CsrfField token={csrfToken} />
          <button type="submit">
            Reset two-step verification<span class="visually-hidden"> of {member.name}</span>
          </button>
        </form>
      ) : null}
    </div>
  );
}

export function StaffListPage(
  props: StaffPageProps & { members: StaffOverview[]; csrfToken: string; selfId: number; notice?: StaffNotice; invite: InviteModel },
) {
  const { site, members, csrfToken, invite } = props;
  return (
    <StaffLayout {...props} title="Staff">
      <p class="kicker">Newsroom</p>
      <h1>Staff</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {STAFF_NOTICES[props.notice]}
        </p>
      ) : null}
      {invite.link ? (
        <div class="notice" role="status">
          <p>
            Invitation sent to {invite.link.email}. You can also hand them this one-time link (it works once, until{' '}
            {formatDateline(invite.link.expiresAt, site.timeZone)}):
          </p>
          <p>
            <code class="invite-link">{invite.link.url}</code>
          </p>
        </div>
      ) : null}
      <table class="staff-table">
        <caption class="visually-hidden">Staff accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Last signed in</th>
            <th scope="col">Two-step verification</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr class={member.deactivated ? 'staff-deactivated' : undefined}>
              <th scope="row">
                {member.name}
                <br />
                <span class="staff-email">{member.email}</span>
                {member.deactivated ? <strong> (deactivated)</strong> : member.invited ? <em> (invited)</em> : null}
              </th>
              <td>{ROLE_LABELS[member.role]}</td>
              <td>
                {member.lastSignInAt ? (
                  <time datetime={member.lastSignInAt}>{formatDateline(member.lastSignInAt, site.timeZone)}</time>
                ) : (
                  'Never'
                )}
              </td>
              <td>{member.hasSecondFactor ? 'On' : 'Off'}</td>
              <td>
                <MemberActions member={member} csrfToken={csrfToken} isSelf={member.id === props.selfId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Deactivating someone ends their sessions at once and revokes the Admin API keys made for them (
        <code>masthead apikey create --owner their@address</code>). A key made without an owner is revoked by name with{' '}
        <code>masthead apikey revoke</code>.
      </p>
      <h2 id="invite">Invite someone</h2>
      <form method="post" action="/newsroom/staff/invite" class="account-form">
        <ErrorSummary errors={{}} labels={{}} formError={invite.errors.join(' ') || undefined} />
        <CsrfField token={csrfToken} />
        <TextField name="email" label="Email" type="email" autocomplete="off" maxlength={254} value={invite.values.email} />
        <TextField
          name="name"
          label="Name"
          hint="First and last name, e.g. Ada Fenwick"
          autocomplete="off"
          maxlength={200}
          value={invite.values.name}
        />
        <div class="field">
          <label for="invite-role">Role</label>
          <RoleSelect id="invite-role" selected={invite.values.role} />
        </div>
        <button type="submit" class="button-primary">
          Send invitation
        </button>
      </form>
    </StaffLayout>
  );
}
