// What one fact file, and one load, may cost. A hostile or broken file is refused at a cost close
// to that of a normal file of its size: every limit here bounds work or output that would otherwise
// grow with something a file's author controls (aliases, key length, the number of mistakes).
// README "Limits" lists them for moderators.

/** A file larger than this is refused before it is read (one report's figures are a few KB). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Fact files under DATA_DIR, and how deep its folders may nest. */
export const MAX_FILES = 2000;
export const MAX_FOLDER_DEPTH = 16;

/**
 * YAML aliases (`*name`) may repeat at most this many characters of text in one file, counted as
 * they expand (a mapping or list counts its keys and values). A file that needs more is a copy-paste
 * job for the editor, not for the parser: one 1,000-character string aliased 450,000 times is 450 MB.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/** Keys are field names ("facts", "value"): a longer one is text that lost its line break or ": ". */
export const MAX_KEY_LENGTH = 100;

/** Errors listed per file (the rest are counted), and in all. */
export const MAX_ERRORS_PER_FILE = 20;
export const MAX_ERRORS_LISTED = 100;

/** How much of an offending text a message quotes. */
export const MAX_EXCERPT = 60;

/** Longest message, whatever it quotes. */
export const MAX_MESSAGE = 400;

/**
 * A file up to this size with a problem is parsed once more in full (with the `yaml` package, which
 * keeps positions) to locate it; a larger one is located record by record, so a 2 MiB file of
 * mistakes costs a small parse per message shown instead of seconds for the whole file.
 */
export const FULL_LOCATE_MAX_CHARS = 256 * 1024;

/** A load (or reload) in the worker thread is given up after this long. */
export const LOAD_TIMEOUT_MS = 60_000;
/**
 * The worker thread's heap, a backstop behind the limits above: well above what loading a
 * 100,000-fact catalog takes, far below the machine. A worker that reaches it dies alone.
 */
export const LOAD_WORKER_HEAP_MB = 2048;
