/* Built without libpq: the PostgreSQL backend is not available. */
#include "store_impl.h"

#include "eseal/errors.h"
#include "../core/error.h"

int eseal__postgresql_backend_new(eseal_storage_backend **out, const char *conninfo) {
  (void)out;
  (void)conninfo;
  return eseal__error_set(ESEAL_EUNSUPPORTED,
                          "postgresql store: this libeseal was built without libpq");
}
