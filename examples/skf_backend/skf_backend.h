/* An SKF (GM/T 0016) device as a libeseal crypto backend: the example's interface. */
#ifndef SKF_EXAMPLE_BACKEND_H
#define SKF_EXAMPLE_BACKEND_H

#include <eseal.h>
#include <eseal/sys/crypto_backend.h>

/*
 * Opens the signing key of `container` in application `app` of device `device`
 * through the vendor library `library` (a path for dlopen), logging in with
 * `pin`. On success *out is an eseal_key that signs SM2-SM3 on the device;
 * eseal_key_free() closes the container, the application and the device.
 * 0, or a negative ESEAL_* code with a message on stderr.
 */
int skf_key_open(eseal_key **out, const char *library, const char *device, const char *app,
                 const char *container, const char *pin);

#endif
