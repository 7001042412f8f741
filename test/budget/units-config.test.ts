/** Budget values and config files: units, every problem with its line, dive's .dive-ci. */
import { describe, expect, it } from 'vitest';
import { parseDiveCi } from '../../src/analysis/budget/config/dive-ci.js';
import { parseBudgetConfig } from '../../src/analysis/budget/config/parse-config.js';
import { parseCount, parsePercent, parseSize } from '../../src/analysis/budget/config/units.js';

describe('units', () => {
  it('reads sizes in decimal and binary units, as go-humanize does', () => {
    expect(parseSize('250MB')).toEqual({ ok: true, value: 250_000_000 });
    expect(parseSize('1.5GiB')).toEqual({ ok: true, value: 1_610_612_736 });
    expect(parseSize('900 kB')).toEqual({ ok: true, value: 900_000 });
    expect(parseSize('20M')).toEqual({ ok: true, value: 20_000_000 });
    expect(parseSize(1234)).toEqual({ ok: true, value: 1234 });
    expect(parseSize('12 parsecs').ok).toBe(false);
  });

  it('reads percentages as ratios, and refuses a bare number above 1', () => {
    expect(parsePercent('10%')).toEqual({ ok: true, value: 0.1 });
    expect(parsePercent(0.95)).toEqual({ ok: true, value: 0.95 });
    expect(parsePercent('0.2')).toEqual({ ok: true, value: 0.2 });
    expect(parsePercent(90).ok).toBe(false);
  });

  it('reads counts', () => {
    expect(parseCount('40,000')).toEqual({ ok: true, value: 40_000 });
    expect(parseCount('40k')).toEqual({ ok: true, value: 40_000 });
    expect(parseCount(1.5).ok).toBe(false);
  });
});

describe('.layerscope.yml', () => {
  it('reads every kind of rule value', () => {
    const { config, problems } = parseBudgetConfig(
      [
        'image:',
        '  maxSize: 250MB',
        '  maxInodes: { warn: 40000, fail: 50000 }',
        '  maxLayers: disabled',
        'paths:',
        '  - glob: /app/node_modules/**',
        '    maxSize: 150MB',
        'forbiddenPaths: ["**/.git"]',
      ].join('\n'),
      'x.yml',
    );
    expect(problems).toEqual([]);
    expect(config.rules.get('image.maxSize')).toEqual({ fail: 250_000_000, line: 2, unit: 'MB' });
    expect(config.rules.get('image.maxInodes')).toEqual({ warn: 40_000, fail: 50_000, line: 3 });
    expect(config.rules.get('image.maxLayers')).toEqual({ disabled: true, line: 4 });
    expect(config.paths).toEqual([
      { glob: '/app/node_modules/**', maxSize: { fail: 150_000_000, line: 7, unit: 'MB' }, line: 6 },
    ]);
    expect(config.forbiddenPaths).toEqual([{ glob: '**/.git', line: 8 }]);
  });

  it('reports every problem at once, each with its line', () => {
    const text = [
      'image:',
      '  maxSzie: 250MB',
      '  maxSize: lots',
      'layer:',
      '  maxInodes: { warn: 10, oops: 3 }',
      'waste:',
      '  minEfficiency: 90',
      'paths:',
      '  - glob: app/**',
      '    maxSize: 1MB',
      'colour: blue',
    ].join('\n');
    const { problems } = parseBudgetConfig(text, 'x.yml');
    expect(problems.map((p) => p.line)).toEqual([2, 3, 5, 7, 9, 11]);
    expect(problems[0].message).toMatch(
      /unknown rule "image.maxSzie" \(did you mean "maxSize"\? rules in image: maxSize, maxCompressedSize/,
    );
    expect(problems[1].message).toMatch(/image.maxSize: "lots" is not a size/);
    expect(problems[2].message).toMatch(/unknown key "oops"/);
    expect(problems[3].message).toMatch(/90 is not a ratio between 0 and 1 \(write "90%"/);
    expect(problems[4].message).toMatch(/glob "app\/\*\*" must be absolute/);
    expect(problems[5].message).toMatch(/unknown section "colour"/);
  });

  it('reads JSON with lines too, and reports YAML syntax errors with theirs', () => {
    const json = parseBudgetConfig('{\n  "image": {\n    "maxSize": "1GB",\n    "maxLayers": "x"\n  }\n}', 'x.json');
    expect(json.config.rules.get('image.maxSize')?.fail).toBe(1e9);
    expect(json.problems).toEqual([
      { line: 4, column: 18, message: expect.stringMatching(/image.maxLayers: "x" is not a count/) },
    ]);
    expect(parseBudgetConfig('image:\n  maxSize: [1,\n', 'x.yml').problems[0].line).toBeGreaterThan(1);
  });
});

describe('.dive-ci', () => {
  it("takes dive's README example with dive's meaning", () => {
    // https://github.com/wagoodman/dive#ci-integration
    const { config, problems } = parseDiveCi(
      'rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: 0.20\n',
      '.dive-ci',
    );
    expect(problems).toEqual([]);
    expect(config.format).toBe('dive-ci');
    expect(config.rules.get('waste.minEfficiency')).toMatchObject({ fail: 0.95 });
    expect(config.rules.get('waste.maxWastedBytes')).toMatchObject({ fail: 20_000_000 });
    expect(config.rules.get('waste.maxUserWastedPercent')).toMatchObject({ fail: 0.2 });
  });

  it("fills in dive's defaults: 0.9, disabled, 0.1", () => {
    const { config } = parseDiveCi('rules:\n  highestWastedBytes: 1GB\n', '.dive-ci');
    expect(config.rules.get('waste.minEfficiency')).toMatchObject({ fail: 0.9 });
    expect(config.rules.get('waste.maxWastedBytes')).toMatchObject({ fail: 1e9 });
    expect(config.rules.get('waste.maxUserWastedPercent')).toMatchObject({ fail: 0.1 });
    expect(parseDiveCi('', '.dive-ci').config.rules.get('waste.maxWastedBytes')).toMatchObject({ disabled: true });
  });

  it('names a rule dive does not have', () => {
    expect(parseDiveCi('rules:\n  lowestEfficency: 0.9\n', '.dive-ci').problems[0]).toEqual({
      line: 2,
      column: 3,
      message: expect.stringMatching(/not a dive rule/),
    });
  });
});
