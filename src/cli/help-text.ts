/** Help text shared by the commands that take image references. */
export const REFERENCE_HELP = `
References:
  docker-archive:PATH[:NAME:TAG]   a "docker save" tar (legacy or Docker 25+ layout; may be gzip-compressed)
  oci:DIR[:TAG|@DIGEST]            an OCI image layout directory
  oci-archive:PATH[:TAG|@DIGEST]   an OCI image layout in a tar
  PATH                             a file or directory, recognised by its content

Layer blobs may be gzip, zstd or uncompressed (detected from their first bytes).
Every blob is verified against its digest and diffID while it is read.`;
