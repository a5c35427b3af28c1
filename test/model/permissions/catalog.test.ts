import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { actionCatalog, loadActionCatalog } from '../../../src/model/permissions/catalog.ts';
import { accessLevelOf, arnPattern, packageDataDir } from '../../../src/model/permissions/catalog-data.ts';
import { globMatches } from '../../../src/model/policy-document/glob.ts';

// The copy in ../shared/data is a later release than the installed package (0.21.202609261 against
// 0.21.202609231); the services compared here have identical files in both (diff -r).
const SHARED = join(import.meta.dirname, '../../../../shared/data/iam-action-catalog/data');
/** The shared data sits beside the clone on development machines, not in every CI checkout. */
const HAVE_SHARED = existsSync(SHARED);
const IDENTICAL_SERVICES = ['iam', 's3', 'sts', 'kms', 'lambda'];

type RawActions = Record<string, { name: string; accessLevel: string; resourceTypes: { name: string }[] }>;
const rawActions = (dir: string, service: string): RawActions => JSON.parse(readFileSync(join(dir, 'actions', `${service}.json`), 'utf8'));

const catalog = actionCatalog();

describe('the installed catalog, against the data', () => {
  it('resolves the package data folder, and knows every service of services.json, lower case', () => {
    const installed: string[] = JSON.parse(readFileSync(join(packageDataDir(), 'services.json'), 'utf8'));
    expect(catalog.services()).toEqual(installed);
    expect(catalog.services()).toContain('iam');
    expect(catalog.services().every((s) => s === s.toLowerCase())).toBe(true);
  });

  it.skipIf(!HAVE_SHARED).each(IDENTICAL_SERVICES)('%s: service:* is every action of the shared copy, with its access level', (service) => {
    const raw = rawActions(SHARED, service);
    const expanded = catalog.expand(`${service}:*`);
    expect(expanded.map((a) => a.name).sort()).toEqual(
      Object.values(raw)
        .map((a) => `${service}:${a.name}`)
        .sort(),
    );
    for (const action of expanded) {
      const source = raw[action.name.slice(service.length + 1).toLowerCase()];
      expect(action.service).toBe(service);
      expect(action.accessLevel).toBe(accessLevelOf(source?.accessLevel ?? ''));
      expect(action.resourceArns.length).toBeLessThanOrEqual(source?.resourceTypes.length ?? 0);
    }
  });

  it.skipIf(!HAVE_SHARED)('counts of a few services', () => {
    expect(catalog.expand('sts:*').length).toBe(Object.keys(rawActions(SHARED, 'sts')).length);
    expect(catalog.expand('s3:*').length).toBeGreaterThan(150);
  });

  it('looks up case-insensitively and answers in the catalog casing', () => {
    expect(catalog.lookup('IAM:createaccesskey')?.name).toBe('iam:CreateAccessKey');
    expect(catalog.lookup('iam:CreateAccessKey')?.name).toBe('iam:CreateAccessKey');
    expect(catalog.lookup('iam:CreateAcessKey')).toBeUndefined();
    expect(catalog.lookup('notaservice:Get')).toBeUndefined();
    for (const malformed of ['', 'iam', 'iam:', ':CreateAccessKey', 'iam:CreateAccessKey:x', '../iam:PassRole']) expect(catalog.lookup(malformed)).toBeUndefined();
    // IAM folds ASCII only: the Kelvin sign is not a k.
    expect(catalog.lookup('\u212Ams:Decrypt')).toBeUndefined();
    expect(catalog.lookup('kms:Decrypt')?.name).toBe('kms:Decrypt');
  });

  it('gives resource ARNs with placeholders as stars, and none for an action without resource types', () => {
    expect(catalog.lookup('iam:PassRole')?.resourceArns).toEqual(['arn:*:iam::*:role/*']);
    expect(catalog.lookup('iam:PassRole')?.accessLevel).toBe('Write');
    expect(catalog.lookup('sts:GetCallerIdentity')?.resourceArns).toEqual([]);
    expect(catalog.lookup('s3:GetObject')?.resourceArns).toContain('arn:*:s3:::*/*');
    for (const action of catalog.expand('iam:*')) for (const arn of action.resourceArns) expect(arn).not.toMatch(/\$\{|\*\*/);
  });

  it('maps combined access levels to the more specific one', () => {
    expect(accessLevelOf('Permissions management, Write')).toBe('Permissions management');
    expect(accessLevelOf('Tagging, Write')).toBe('Tagging');
    expect(accessLevelOf('Write')).toBe('Write');
    expect(accessLevelOf('List')).toBe('List');
    expect(accessLevelOf('Sorcery')).toBeUndefined();
    expect(accessLevelOf('Write, Sorcery')).toBeUndefined();
    expect(accessLevelOf('')).toBeUndefined();
    expect(catalog.lookup('iam:PutRolePolicy')?.accessLevel).toBe('Permissions management');
    expect(catalog.lookup('iam:TagRole')?.accessLevel).toBe('Tagging');
  });

  it('expands globs', () => {
    expect(catalog.expand('iam:Put*Policy').map((a) => a.name)).toEqual(['iam:PutGroupPolicy', 'iam:PutRolePolicy', 'iam:PutUserPolicy']);
    expect(catalog.expand('IAM:put*POLICY').map((a) => a.name)).toEqual(['iam:PutGroupPolicy', 'iam:PutRolePolicy', 'iam:PutUserPolicy']);
    expect(catalog.expand('iam:PassRole').map((a) => a.name)).toEqual(['iam:PassRole']);
    expect(catalog.expand('s3:GetObjekt*')).toEqual([]);
    expect(catalog.expand('notaservice:*')).toEqual([]);
    expect(catalog.expand('iam:*:*')).toEqual([]);
    const gets = catalog.expand('*:Get*');
    expect(gets.map((a) => a.name)).toContain('s3:GetObject');
    expect(gets.every((a) => /^[^:]+:get/i.test(a.name))).toBe(true);
  });

  it('* is every action of every service', () => {
    const all = catalog.expand('*');
    const count = catalog.services().reduce((n, s) => n + Object.keys(rawActions(packageDataDir(), s)).length, 0);
    expect(all.length).toBe(count);
    expect(new Set(all.map((a) => a.name.toLowerCase())).size).toBe(count);
    expect(catalog.expand('**')).toBe(all);
  });

  it('property: lookup in any casing, expand of the exact name, and service:* all find a catalog action', () => {
    const all = catalog.expand('*');
    const casing = fc.array(fc.boolean(), { minLength: 80, maxLength: 80 });
    fc.assert(
      fc.property(fc.nat(all.length - 1), casing, (i, upper) => {
        const action = all[i];
        if (action === undefined) return false;
        const spelt = [...action.name].map((c, j) => (upper[j % upper.length] ? c.toUpperCase() : c.toLowerCase())).join('');
        expect(catalog.lookup(spelt)).toBe(action);
        expect(catalog.expand(spelt)).toEqual([action]);
        expect(catalog.expand(`${action.service}:*`)).toContain(action);
        return true;
      }),
    );
  });

  it('property: expand is the plain glob filter of every action (the service pruning loses nothing)', () => {
    const all = catalog.expand('*');
    const pattern = fc.tuple(fc.nat(all.length - 1), fc.array(fc.tuple(fc.nat(60), fc.nat(60), fc.constantFrom('*', '?', '')), { minLength: 1, maxLength: 3 })).map(([i, edits]) => {
      let name = all[i]?.name ?? '';
      // Replace a stretch by a wildcard (or drop it): wildcards land in the service part, across the colon, or in the action.
      for (const [from, length, by] of edits) {
        const start = from % (name.length + 1);
        name = name.slice(0, start) + by + name.slice(start + (length % 6));
      }
      return name;
    });
    fc.assert(
      fc.property(pattern, (p) => {
        expect(catalog.expand(p).map((a) => a.name)).toEqual(all.filter((a) => globMatches(p, a.name, true)).map((a) => a.name));
      }),
      { numRuns: 200 },
    );
  });
});

describe('reading the data', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A data folder of the given files (path relative to the folder, to JSON value or raw text). */
  function dataDir(files: Record<string, unknown>): string {
    const dir = mkdtempSync(join(tmpdir(), 'guard-catalog-'));
    dirs.push(dir);
    for (const [path, value] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), typeof value === 'string' ? value : JSON.stringify(value));
    }
    return dir;
  }
  /** The data's ARN format of `arn:<Partition>:...`: placeholders written `<Name>` (Biome reads `${` in a string as a template mistake). */
  const format = (arn: string): string => arn.replace(/<(\w+)>/g, (_, name: string) => `\${${name}}`);
  const action = (name: string, accessLevel: string, types: string[]) => ({ name, accessLevel, resourceTypes: types.map((t) => ({ name: t, required: false })) });

  it('reads a service only when one of its actions is first asked about, and once', () => {
    const reads: string[] = [];
    const c = loadActionCatalog(packageDataDir(), (file) => reads.push(file));
    expect(reads).toEqual([]);
    expect(c.lookup('iam:PassRole')?.name).toBe('iam:PassRole');
    expect(reads).toEqual(['services.json', 'actions/iam.json', 'resourceTypes/iam.json']);
    c.lookup('iam:CreateAccessKey');
    c.expand('iam:Put*');
    c.lookup('notaservice:Get');
    c.lookup('../../etc/passwd:x');
    // sts:GetCallerIdentity takes no resource type: nothing asked needs sts's resource types yet.
    expect(c.expand('sts:GetCallerIdentity')).toHaveLength(1);
    expect(reads).toEqual(['services.json', 'actions/iam.json', 'resourceTypes/iam.json', 'actions/sts.json']);
    c.lookup('sts:AssumeRole');
    expect(reads).toEqual(['services.json', 'actions/iam.json', 'resourceTypes/iam.json', 'actions/sts.json', 'resourceTypes/sts.json']);
    c.expand('s?:Get*');
    expect(reads.filter((f) => f.startsWith('actions/')).sort()).toEqual(['actions/iam.json', 'actions/s3.json', 'actions/sts.json']);
  });

  it('resolves a resource type of another service in its own file, and reads an unresolvable one as any resource', () => {
    const dir = dataDir({
      'services.json': ['one', 'other'],
      'actions/one.json': {
        a: action('A', 'Read', ['thing']),
        b: action('B', 'Tagging, Write', ['other:widget', 'thing']),
        c: action('C', 'List', ['nosuchtype']),
        d: action('D', 'Write', ['nosuchservice:widget']),
        e: action('E', 'Write', []),
      },
      'resourceTypes/one.json': { thing: { key: 'thing', arn: format('arn:<Partition>:one:<Region>:<Account>:thing/<Id><Suffix>') } },
      'actions/other.json': {},
      'resourceTypes/other.json': { widget: { key: 'widget', arn: format('arn:<Partition>:other:::widget/<Name>') } },
    });
    const c = loadActionCatalog(dir);
    expect(c.lookup('one:a')).toEqual({ name: 'one:A', service: 'one', accessLevel: 'Read', resourceArns: ['arn:*:one:*:*:thing/*'] });
    expect(c.lookup('one:b')?.resourceArns).toEqual(['arn:*:other:::widget/*', 'arn:*:one:*:*:thing/*']);
    expect(c.lookup('one:b')?.accessLevel).toBe('Tagging');
    expect(c.lookup('one:c')?.resourceArns).toEqual(['*']);
    expect(c.lookup('one:d')?.resourceArns).toEqual(['*']);
    expect(c.lookup('one:e')?.resourceArns).toEqual([]);
    expect(c.expand('other:*')).toEqual([]);
  });

  it('throws with the path when a file is missing, broken or of the wrong shape', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{}, 'iam:PassRole', /cannot read .*services\.json/],
      [{ 'services.json': '[' }, 'iam:PassRole', /cannot parse .*services\.json/],
      [{ 'services.json': { iam: 1 } }, 'iam:PassRole', /services\.json: expected a list/],
      [{ 'services.json': ['iam'] }, 'iam:PassRole', /cannot read .*actions\/iam\.json/],
      [{ 'services.json': ['iam'], 'actions/iam.json': '{"passrole":' }, 'iam:PassRole', /cannot parse .*actions\/iam\.json/],
      [{ 'services.json': ['iam'], 'actions/iam.json': { passrole: action('PassRole', 'Sorcery', []) } }, 'iam:PassRole', /actions\/iam\.json: action "passrole" has an unknown access level "Sorcery"/],
      [{ 'services.json': ['iam'], 'actions/iam.json': { passrole: { accessLevel: 'Write' } } }, 'iam:PassRole', /actions\/iam\.json: action "passrole" has no name/],
      [{ 'services.json': ['iam'], 'actions/iam.json': { passrole: action('PassRole', 'Write', ['role']) } }, 'iam:PassRole', /cannot read .*resourceTypes\/iam\.json/],
      [
        { 'services.json': ['iam'], 'actions/iam.json': { passrole: action('PassRole', 'Write', ['role']) }, 'resourceTypes/iam.json': { role: {} } },
        'iam:PassRole',
        /resourceTypes\/iam\.json: resource type "role" has no ARN format/,
      ],
    ];
    for (const [files, asked, message] of cases) {
      const c = loadActionCatalog(dataDir(files));
      expect(() => c.lookup(asked), JSON.stringify(files)).toThrow(message);
    }
  });

  it('writes ARN placeholders as stars', () => {
    expect(arnPattern(format('arn:<Partition>:iam::<Account>:role/<RoleNameWithPath>'))).toBe('arn:*:iam::*:role/*');
    expect(arnPattern(format('arn:<Partition>:s3:::<BucketName>/<ObjectName>'))).toBe('arn:*:s3:::*/*');
    expect(arnPattern(format('arn:aws:x:::<A><B>'))).toBe('arn:aws:x:::*');
  });
});
