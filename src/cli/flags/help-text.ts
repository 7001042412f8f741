/** Help text shared by the commands that take image references. */
export const REFERENCE_HELP = `
References:
  docker-archive:PATH[:NAME:TAG]   a "docker save" tar (legacy or Docker 25+ layout; may be gzip-compressed)
  oci:DIR[:TAG|@DIGEST]            an OCI image layout directory
  oci-archive:PATH[:TAG|@DIGEST]   an OCI image layout in a tar
  docker://HOST[:PORT]/REPO[:TAG|@DIGEST]  an image in a registry (also registry:REPO[:TAG]);
                                   Docker Hub names as docker pull reads them (alpine = docker.io/library/alpine)
  docker:NAME[:TAG|@DIGEST|ID]     an image in the Docker Engine (or podman's Docker socket); never pulled
                                   unless --pull; engine from DOCKER_HOST or the current docker context
  PATH                             a file or directory, recognised by its content
  NAME[:TAG]                       any other bare name means the engine, as in dive

Layer blobs may be gzip, zstd or uncompressed (detected from their first bytes).
Every blob is verified against its digest and diffID while it is read; an engine export is verified
by the engine as it writes it (a layer changed in its store fails the export).`;

/** --wide, for every command that prints tables. */
export const WIDE_OPTION: [string, string] = [
  '--wide',
  "print tables whole: no command, path or name cut with …, no column left out (default: fit in COLUMNS, else the terminal's width; piped output is never cut)",
];

/** The exit codes of a command that reports and never judges. */
export const EXIT_CODES =
  'Exit codes: 0 success, 2 usage or input error (a bad option, reference or image), 130 interrupted (Ctrl-C).';

/** The help of a command: a one-line summary first, then what it does at length. */
export function describe(summary: string, details?: string): string {
  const line = `${summary[0].toUpperCase()}${summary.slice(1)}.`;
  return details ? `${line}\n\n${details}` : line;
}

/** The end of every command's help: examples, then its exit codes. */
export function helpFooter(examples: string[], exitCodes: string = EXIT_CODES): string {
  return `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n\n${exitCodes}`;
}
