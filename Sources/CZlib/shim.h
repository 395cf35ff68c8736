// The system zlib (RFC 1950-1952), for gzip content coding of subscription links.
#include <zlib.h>
