/** MFA devices of one IAM normalization (virtual, assigned or not, and hardware), and each user's list of them. */
import type { Entity } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { exactList } from '../lists.ts';
import { SECTIONS } from '../sections.ts';
import { has } from './context.ts';
import type { IamState } from './iam-state.ts';
import type { MutableEntity } from './new-entity.ts';
import { newEntity } from './new-entity.ts';
import { date } from './raw-values.ts';

/** Virtual devices (assigned or not), then hardware devices from `iam.mfaDevices`; and each user's devices. */
export function mfaDevices(s: IamState): void {
  const ctx = s.ctx;
  if (!has(ctx, SECTIONS.virtualMfaDevices)) return;
  const devices: MutableEntity[] = [];
  const bySerial = new Set<string>();
  const byUser = new Map<MutableEntity, Entity[]>();
  const add = (device: MutableEntity, user: MutableEntity | null): void => {
    devices.push(device);
    if (user === null) return;
    const list = byUser.get(user);
    if (list === undefined) byUser.set(user, [device]);
    else list.push(device);
  };
  for (const d of ctx.snapshot.iam?.virtualMfaDevices ?? []) {
    if (bySerial.has(d.SerialNumber)) continue;
    bySerial.add(d.SerialNumber);
    const root = d.User !== undefined && (d.User.Arn === ctx.rootArn || d.User.Arn.endsWith(':root'));
    const user = d.User === undefined || root ? null : (s.userByArn.get(d.User.Arn) ?? (d.User.UserName === undefined ? undefined : s.userByName.get(d.User.UserName)) ?? null);
    add(newDevice(s, d.SerialNumber, true, user, root, d.User !== undefined, d.EnableDate), user);
  }
  const hardware = has(ctx, SECTIONS.mfaDevices) ? (ctx.snapshot.iam?.mfaDevices ?? []) : [];
  for (const d of hardware) {
    if (bySerial.has(d.SerialNumber)) continue;
    bySerial.add(d.SerialNumber);
    const user = s.userByName.get(d.UserName) ?? null;
    add(newDevice(s, d.SerialNumber, isVirtualSerial(d.SerialNumber), user, false, true, d.EnableDate), user);
  }
  s.devices.push(...devices);

  for (const [user, list] of byUser) if (mfaDevicesKnown(s, user)) user.attrs['mfa_devices'] = exactList(list);
}

/**
 * Whether a user's MFA devices are all known: not without the device lists, nor without
 * ListMFADevices output for a user with MFA (who may hold hardware devices nobody listed).
 */
export function mfaDevicesKnown(s: IamState, user: Entity): boolean {
  return has(s.ctx, SECTIONS.virtualMfaDevices) && (has(s.ctx, SECTIONS.mfaDevices) || user.attrs['mfa'] === false);
}

function newDevice(s: IamState, serial: string, virtual: boolean, user: Entity | null, root: boolean, assigned: boolean, enabled: string | undefined): MutableEntity {
  const name = serial.includes(':mfa/') ? serial.slice(serial.indexOf(':mfa/') + 5) : serial;
  const owner = root ? s.root : user;
  return newEntity('mfa-device', serial, name, serial.startsWith('arn:') ? serial : null, owner, {
    serial,
    virtual,
    user,
    root,
    assigned,
    enabled: enabled === undefined ? (assigned ? UNKNOWN : null) : s.deviceWants.enabled ? date(enabled) : UNKNOWN,
  });
}

function isVirtualSerial(serial: string): boolean {
  return serial.startsWith('arn:') && serial.includes(':mfa/');
}
