// One normal form for everything a person might type or a moderator might write as an alias, so
// "cjtf oir", "CJTF-OIR" and "C.J.T.F. OIR" meet. Pure and cheap: it runs on every keystroke.

const COMBINING_MARKS = /\p{M}+/gu;
// Arabic tatweel (kashida) stretches a word visually and means nothing.
const TATWEEL = /\u0640/g;
// Apostrophes join letters ("Da'esh" = "Daesh"); other punctuation and symbols separate words.
const APOSTROPHES = /['’ʼ`´]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(TATWEEL, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(SEPARATORS, ' ')
    .trim();
}

/** Words of a normalised string; empty strings never appear. */
export function words(text: string): string[] {
  const n = normalise(text);
  return n === '' ? [] : n.split(' ');
}
