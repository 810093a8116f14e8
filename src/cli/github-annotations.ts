// `npm run validate -- --format github`: problems as GitHub Actions workflow commands, so a pull
// request that breaks a fact file gets the message on the line that broke it:
//   ::error file=data/x.yaml,line=12,col=5,title=facts[0].value::the quote does not contain …
// Everything that comes from the files (a file name, a message quoting a value) is escaped the way
// GitHub's own toolkit escapes it: in a property, %, CR, LF, ":" and ","; in the message, %, CR and
// LF. So a file named `x,line=1::forged` or a value with a newline cannot start a command of its own.
import type { Problem } from '../catalog/problem.ts';

/** The message part of a workflow command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (file, line, col, title) of a workflow command. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubAnnotation(p: Problem): string {
  const props = [`file=${escapeProperty(p.file)}`];
  if (p.line > 0) props.push(`line=${p.line}`, `col=${Math.max(1, p.col)}`);
  if (p.path !== '') props.push(`title=${escapeProperty(p.path)}`);
  return `::${p.severity === 'warning' ? 'warning' : 'error'} ${props.join(',')}::${escapeData(p.message)}`;
}
