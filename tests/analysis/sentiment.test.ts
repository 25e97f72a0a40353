import { sentimentLabel, sentimentOf } from '../../src/analysis/sentiment';

describe('sentimentOf', () => {
  it.each([
    'This is great, thank you so much!',
    'That sounds wonderful, I love it.',
    "I'm happy to hear that, it's a good idea.",
    "No problem, that's fine.",
  ])('is positive for %j', (message) => {
    expect(sentimentOf(message)).toBeGreaterThan(0);
  });

  it.each([
    'This is terrible, you people are rude.',
    'Stop calling me, this is harassment.',
    "I'm not interested.",
    "I don't think I'm interested.",
    "That's not good at all.",
    'Leave me alone.',
  ])('is negative for %j', (message) => {
    expect(sentimentOf(message)).toBeLessThan(0);
  });

  it('is zero when no word carries feeling', () => {
    expect(sentimentOf('The house is on Oak Avenue.')).toBe(0);
    expect(sentimentOf('No.')).toBe(0);
  });

  it('flips a negated word, more weakly than its opposite', () => {
    expect(sentimentOf('It is not bad.')).toBeGreaterThan(0);
    expect(sentimentOf('It is not good.')).toBeLessThan(0);
    expect(Math.abs(sentimentOf('It is not good.'))).toBeLessThan(Math.abs(sentimentOf('It is bad.')));
  });

  it('keeps a negation inside its clause', () => {
    expect(sentimentOf("I'm not sure, but it sounds great.")).toBeGreaterThan(0);
  });

  it('takes several messages together and stays within [-1, 1]', () => {
    const many = Array.from({ length: 50 }, () => 'Great!');
    expect(sentimentOf(...many)).toBeGreaterThan(sentimentOf('Great!'));
    expect(sentimentOf(...many)).toBeLessThanOrEqual(1);
    expect(sentimentOf(...many.map(() => 'Terrible!'))).toBeGreaterThanOrEqual(-1);
  });
});

describe('sentimentLabel', () => {
  it.each([
    [0.6, 'positive'],
    [0.15, 'positive'],
    [sentimentOf('Okay.'), 'neutral'],
    [0, 'neutral'],
    [-0.15, 'negative'],
    [-0.6, 'negative'],
  ])('labels %d as %s', (score, label) => {
    expect(sentimentLabel(score)).toBe(label);
  });
});
