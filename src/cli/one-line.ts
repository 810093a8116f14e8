// What a command-line tool prints when something it did not expect goes wrong (a folder it may not
// read, a disk error): one line naming what failed, never a stack trace, with any untrusted text in
// it (a file name) escaped for the terminal. Node's file-system errors already say it in one line:
// "EACCES: permission denied, scandir 'data/private'".
import { clip, printable } from '../log.ts';

export function oneLine(error: unknown): string {
  const text = error instanceof Error ? (error.message.split('\n')[0] ?? '').trim() || error.name : (String(error).split('\n')[0] ?? '');
  return printable(clip(text, 500));
}
