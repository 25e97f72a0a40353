import { sentimentOf } from '../../src/analysis/sentiment';
import { sentimentLabel } from '../../src/analysis/sentiment-label';

describe('sentimentOf', () => {
  it.each([
    'This is great, thank you so much!',
    'That sounds wonderful, I love it.',
    "I'm happy to hear that, it's a good idea.",
    "No problem, that's fine.",
  ])('is positive for %j', (message) => {
    expect(sentimentOf('en', message)).toBeGreaterThan(0);
  });

  it.each([
    'This is terrible, you people are rude.',
    'Stop calling me, this is harassment.',
    "I'm not interested.",
    "I don't think I'm interested.",
    "That's not good at all.",
    'Leave me alone.',
  ])('is negative for %j', (message) => {
    expect(sentimentOf('en', message)).toBeLessThan(0);
  });

  it('is zero when no word carries feeling', () => {
    expect(sentimentOf('en', 'The house is on Oak Avenue.')).toBe(0);
    expect(sentimentOf('en', 'No.')).toBe(0);
  });

  it('flips a negated word', () => {
    expect(sentimentOf('en', 'It is not bad.')).toBeGreaterThan(0);
    expect(sentimentOf('en', 'It is not good.')).toBeLessThan(0);
  });

  it('reads Spanish with the Spanish word list', () => {
    expect(sentimentOf('es', 'Me parece excelente, muchas gracias.')).toBeGreaterThan(0.15);
    expect(sentimentOf('es', 'Deje de llamarme, esto es un acoso horrible.')).toBeLessThan(-0.15);
    expect(sentimentOf('es', 'La casa está en la calle Roble.')).toBe(0);
    // The English list does not know these words.
    expect(sentimentOf('en', 'Me parece excelente, muchas gracias.')).toBe(0);
  });

  it('keeps a negation inside its clause', () => {
    expect(sentimentOf('en', "I'm not sure, but it sounds great.")).toBeGreaterThan(0);
  });

  it('takes several messages together and stays within [-1, 1]', () => {
    const many = Array.from({ length: 50 }, () => 'Great!');
    expect(sentimentOf('en', ...many)).toBeGreaterThan(sentimentOf('en', 'Great!'));
    expect(sentimentOf('en', ...many)).toBeLessThanOrEqual(1);
    expect(sentimentOf('en', ...many.map(() => 'Terrible!'))).toBeGreaterThanOrEqual(-1);
  });
});

describe('sentimentLabel', () => {
  it.each([
    [0.6, 'positive'],
    [0.15, 'positive'],
    [sentimentOf('en', 'Okay.'), 'neutral'],
    [0, 'neutral'],
    [-0.15, 'negative'],
    [-0.6, 'negative'],
  ])('labels %d as %s', (score, label) => {
    expect(sentimentLabel(score)).toBe(label);
  });
});
