import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS, accessSummary } from '../../../src/model/permissions/access-summary.ts';
import { actionCatalog } from '../../../src/model/permissions/catalog.ts';

const catalog = actionCatalog();

describe('accessSummary', () => {
  it('groups by service and access level, in catalog casing, with the catalog counts beside', () => {
    const summary = accessSummary(['iam:PassRole', 'IAM:putrolepolicy', 'iam:TagRole', 'iam:ListRoles', 'iam:GetRole', 'iam:CreateRole', 's3:GetObject', 'iam:PassRole', 'IAM:PASSROLE'], catalog);
    expect(summary.count).toBe(7);
    expect(summary.unknown).toEqual([]);
    expect(summary.services.map((s) => [s.service, s.count])).toEqual([
      ['iam', 6],
      ['s3', 1],
    ]);
    const iam = summary.services[0];
    expect(iam?.levels.map((l) => [l.level, l.actions])).toEqual([
      ['List', ['iam:ListRoles']],
      ['Read', ['iam:GetRole']],
      ['Write', ['iam:CreateRole', 'iam:PassRole']],
      ['Permissions management', ['iam:PutRolePolicy']],
      ['Tagging', ['iam:TagRole']],
    ]);
    for (const level of iam?.levels ?? []) expect(level.inCatalog).toBe(catalog.expand('iam:*').filter((a) => a.accessLevel === level.level).length);
  });

  it('keeps actions the catalog does not know in their own group, once each, as given', () => {
    const summary = accessSummary(['iam:CreateAcessKey', 'deepracer:GetTrack', 'iam:GetRole', 'IAM:CREATEACESSKEY', 's3:Get*'], catalog);
    expect(summary.unknown).toEqual(['iam:CreateAcessKey', 'deepracer:GetTrack', 's3:Get*']);
    expect(summary.count).toBe(1);
    expect(summary.services.map((s) => s.service)).toEqual(['iam']);
  });

  it('is empty for no actions', () => {
    expect(accessSummary([], catalog)).toEqual({ services: [], unknown: [], count: 0 });
  });

  it('property: every action lands in exactly one group, and the groups hold nothing else', () => {
    const all = catalog.expand('*');
    const names = fc.array(
      fc.oneof(
        fc.nat(all.length - 1).map((i) => all[i]?.name ?? ''),
        fc.constantFrom('nosuch:Action', 'iam:NoSuchAction'),
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(names, (actions) => {
        const summary = accessSummary(actions, catalog);
        const grouped = summary.services.flatMap((s) => s.levels.flatMap((l) => l.actions));
        expect(new Set(grouped).size).toBe(grouped.length);
        expect(grouped.length).toBe(summary.count);
        expect(new Set([...grouped, ...summary.unknown])).toEqual(new Set(actions));
        for (const service of summary.services) {
          expect(service.count).toBe(service.levels.reduce((n, l) => n + l.actions.length, 0));
          expect(service.levels.map((l) => l.level)).toEqual(ACCESS_LEVELS.filter((level) => service.levels.some((l) => l.level === level)));
          for (const level of service.levels) {
            expect(level.actions.length).toBeLessThanOrEqual(level.inCatalog);
            for (const name of level.actions) expect(catalog.lookup(name)).toMatchObject({ service: service.service, accessLevel: level.level });
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
