/*
 * libeseal's one SWIG interface, for Python (module eseal.native) and Java
 * (class org.eseal.EsealNative). It exposes a chosen part of the C API plus
 * eseal_binding.h, with bytes in and out as the languages' own byte types.
 * The idiomatic classes (bindings/python/eseal, bindings/java/org/eseal)
 * sit on top and are what users call.
 */
%module native

%{
#include "eseal_binding.h"
%}

%include <stdint.i>

/* ---- Bytes in: Python bytes-like objects (never str), Java byte[]. ---- */
#if defined(SWIGPYTHON)
%typemap(in) (const uint8_t *data, size_t len) (Py_buffer view, int have_view = 0) {
  $1 = NULL;
  $2 = 0;
  if ($input != Py_None) {
    if (PyUnicode_Check($input)) {
      PyErr_SetString(PyExc_TypeError, "expected bytes, not str");
      SWIG_fail;
    }
    if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) != 0)
      SWIG_fail;
    have_view = 1;
    $1 = (uint8_t *)view.buf;
    $2 = (size_t)view.len;
  }
}
%typemap(freearg) (const uint8_t *data, size_t len) {
  if (have_view$argnum)
    PyBuffer_Release(&view$argnum);
}
#elif defined(SWIGJAVA)
%typemap(jni) (const uint8_t *data, size_t len) "jbyteArray"
%typemap(jtype) (const uint8_t *data, size_t len) "byte[]"
%typemap(jstype) (const uint8_t *data, size_t len) "byte[]"
%typemap(javain) (const uint8_t *data, size_t len) "$javainput"
%typemap(in) (const uint8_t *data, size_t len) {
  $1 = NULL;
  $2 = 0;
  if ($input) {
    $2 = (size_t)JCALL1(GetArrayLength, jenv, $input);
    $1 = (uint8_t *)JCALL2(GetByteArrayElements, jenv, $input, 0);
    if ($1 == NULL)
      return $null;
  }
}
%typemap(freearg) (const uint8_t *data, size_t len) {
  if ($1)
    JCALL3(ReleaseByteArrayElements, jenv, $input, (jbyte *)$1, JNI_ABORT);
}
#endif
%apply (const uint8_t *data, size_t len) {
  (const uint8_t *id, size_t len),
  (const uint8_t *value, size_t len),
  (const uint8_t *json, size_t len),
  (const uint8_t *tokens, size_t tokens_len),
  (const uint8_t *token_lens, size_t token_lens_len)
};

/* ---- Bytes out: copied at once; esb_owned buffers are disposed. ---- */
#if defined(SWIGPYTHON)
%typemap(out) esb_view {
  if ($1.ptr) {
    $result = PyBytes_FromStringAndSize((const char *)$1.ptr, (Py_ssize_t)$1.len);
    if ($result == NULL)
      SWIG_fail;
  } else {
    $result = Py_None;
    Py_INCREF(Py_None);
  }
}
%typemap(out) esb_owned {
  if ($1.buf.ptr) {
    $result = PyBytes_FromStringAndSize((const char *)$1.buf.ptr, (Py_ssize_t)$1.buf.size);
    eseal_buf_dispose(&$1.buf);
    if ($result == NULL)
      SWIG_fail;
  } else {
    $result = Py_None;
    Py_INCREF(Py_None);
  }
}
#elif defined(SWIGJAVA)
%{
/* A Java byte[] copy of `len` bytes, or NULL (with an exception pending when
 * the JVM refused). */
static jbyteArray esb_java_bytes(JNIEnv *jenv, const uint8_t *ptr, size_t len) {
  jbyteArray array;
  if (ptr == NULL)
    return NULL;
  if (len > 0x7fffffff) {
    SWIG_JavaThrowException(jenv, SWIG_JavaRuntimeException, "more than 2 GiB of bytes");
    return NULL;
  }
  array = (*jenv)->NewByteArray(jenv, (jsize)len);
  if (array && len)
    (*jenv)->SetByteArrayRegion(jenv, array, 0, (jsize)len, (const jbyte *)ptr);
  return array;
}
%}
%typemap(jni) esb_view, esb_owned "jbyteArray"
%typemap(jtype) esb_view, esb_owned "byte[]"
%typemap(jstype) esb_view, esb_owned "byte[]"
%typemap(javaout) esb_view, esb_owned { return $jnicall; }
%typemap(out) esb_view { $result = esb_java_bytes(jenv, $1.ptr, $1.len); }
%typemap(out) esb_owned {
  $result = esb_java_bytes(jenv, $1.buf.ptr, $1.buf.size);
  eseal_buf_dispose(&$1.buf);
}

/* Strings cross as UTF-8 byte arrays: JNI's own conversion speaks modified
 * UTF-8 and would garble characters outside the BMP or crash on bad input. */
%typemap(jni) const char * "jbyteArray"
%typemap(jtype) const char * "byte[]"
%typemap(jstype) const char * "String"
%typemap(javain) const char * "Utf8.encode($javainput)"
%typemap(javaout) const char * { return Utf8.decode($jnicall); }
%typemap(in) const char * {
  $1 = NULL;
  if ($input) {
    $1 = (char *)JCALL2(GetByteArrayElements, jenv, $input, 0);
    if ($1 == NULL)
      return $null;
  }
}
%typemap(freearg) const char * {
  if ($1)
    JCALL3(ReleaseByteArrayElements, jenv, $input, (jbyte *)$1, JNI_ABORT);
}
%typemap(out) const char * { $result = $1 ? esb_java_bytes(jenv, (const uint8_t *)$1, strlen($1)) : NULL; }

%include "enumsimple.swg"
%javaconst(1);
/* Macros with C's unsigned suffix are read through JNI instead. */
%javaconst(0) ESEAL_MAX_INPUT_SIZE;
%javaconst(0) ESEAL_MAX_NESTING;
%javaconst(0) ESEAL_MAX_CERTS;
%javaconst(0) ESEAL_MAX_PICTURE_SIZE;
%javaconst(0) ESEAL_MAX_EXTENSIONS;
%javaconst(0) ESEAL_MAX_TEXT_SIZE;
%javaconst(0) ESEAL_MAX_CERT_SIZE;
%javaconst(0) ESEAL_VERIFY_STRICT;
%javaconst(0) ESEAL_VERIFY_REQUIRE_REVOCATION;
%javaconst(0) ESEAL_PARSE_STRICT;
%javaconst(0) ESEAL_ROLES_ALL;
%javaconst(0) ESEAL_ROLES_DEFAULT;
%javaconst(0) ESEAL_TRUST_LIST_MAX_SIZE;
%javaconst(0) ESEAL_TRUST_LIST_MAX_ANCHORS;
%javaconst(0) ESEAL_TRUST_LIST_MAX_LINE;
%javaconst(0) ESEAL_TRUST_LIST_MAX_NAME;
%javaconst(0) ESEAL_MAX_VALIDATION_DATA_BYTES;
%pragma(java) jniclasscode=%{
  static {
    NativeLibrary.load();
  }
%}
%pragma(java) jniclassclassmodifiers="final class"
%pragma(java) moduleclassmodifiers="final class"
%typemap(javaclassmodifiers) SWIGTYPE, SWIGTYPE *, SWIGTYPE & "final class"
#endif

/* ---- What is exposed: every esb_ function and the C API listed below. ---- */
%rename("$ignore", %$isfunction) "";
%rename("$ignore", %$isclass) "";
%rename("%s", regextarget=1, %$isfunction) "^esb_";
%rename("%s") eseal_version;
%rename("%s") eseal_version_number;
%rename("%s") eseal_limit;
%rename("%s") eseal_strerror;
%rename("%s") eseal_format_name;
%rename("%s") eseal_kind_name;
%rename("%s") eseal_sigval_encoding_name;
%rename("%s") eseal_extensions_count;
%rename("%s") eseal_extensions_oid;
%rename("%s") eseal_extensions_critical;
%rename("%s") eseal_warnings_count;
%rename("%s") eseal_warnings_id;
%rename("%s") eseal_warnings_path;
%rename("%s") eseal_warnings_message;
%rename("%s") eseal_warnings_has;
%rename("%s") eseal_seal_free;
%rename("%s") eseal_seal_format;
%rename("%s") eseal_seal_header_id;
%rename("%s") eseal_seal_header_version;
%rename("%s") eseal_seal_vendor_id;
%rename("%s") eseal_seal_esid;
%rename("%s") eseal_seal_type;
%rename("%s") eseal_seal_name;
%rename("%s") eseal_seal_cert_list_type;
%rename("%s") eseal_seal_cert_count;
%rename("%s") eseal_seal_cert_digest_type;
%rename("%s") eseal_seal_date_utc;
%rename("%s") eseal_seal_date_text;
%rename("%s") eseal_seal_picture_type;
%rename("%s") eseal_seal_picture_width;
%rename("%s") eseal_seal_picture_height;
%rename("%s") eseal_seal_extensions;
%rename("%s") eseal_seal_algorithm;
%rename("%s") eseal_seal_signature_encoding;
%rename("%s") eseal_seal_warnings;
%rename("%s") eseal_signature_free;
%rename("%s") eseal_signature_format;
%rename("%s") eseal_signature_tbs_version;
%rename("%s") eseal_signature_time_info_kind;
%rename("%s") eseal_signature_time_text;
%rename("%s") eseal_signature_property_info;
%rename("%s") eseal_signature_extensions;
%rename("%s") eseal_signature_algorithm;
%rename("%s") eseal_signature_value_encoding;
%rename("%s") eseal_signature_warnings;
%rename("%s") eseal_cert_free;
%rename("%s") eseal_cert_subject;
%rename("%s") eseal_cert_issuer;
%rename("%s") eseal_cert_serial_hex;
%rename("%s") eseal_cert_not_before;
%rename("%s") eseal_cert_not_after;
%rename("%s") eseal_cert_key_algorithm;
%rename("%s") eseal_key_free;
%rename("%s") eseal_key_algorithm;
%rename("%s") eseal_key_backend_name;
%rename("%s") eseal_key_matches_cert;
%rename("%s") eseal_key_pkcs11_non_extractable;
%rename("%s") eseal_ctx_free;
%rename("%s") eseal_ctx_set_fixed_time;
%rename("%s") eseal_ctx_now;
%rename("%s") eseal_ctx_set_sm2_id;
%rename("%s") eseal_ctx_set_sm2_verifier;
%rename("%s") eseal_ctx_sm2_verifier;
%rename("%s") eseal_ctx_set_caches;
%rename("%s") eseal_ctx_add_trust_path;
%rename("%s") eseal_ctx_add_trust_cert;
%rename("%s") eseal_ctx_trust_count;
%rename("%s") eseal_ctx_add_intermediate_path;
%rename("%s") eseal_ctx_accept_critical_extension;
%rename("%s") eseal_trust_role_name;
%rename("%s") eseal_ctx_add_trust_path_roles;
%rename("%s") eseal_ctx_add_trust_cert_roles;
%rename("%s") eseal_ctx_trust_count_roles;
%rename("%s") eseal_ctx_trust_note_count;
%rename("%s") eseal_ctx_trust_note;
%rename("%s") eseal_ctx_load_trust_list;
%rename("%s") eseal_ctx_load_trust_list_file;
%rename("%s") eseal_time_policy_name;
%rename("%s") eseal_crypto_policy_name;
%rename("%s") eseal_seal_builder_free;
%rename("%s") eseal_seal_builder_set_format;
%rename("%s") eseal_seal_builder_set_vendor;
%rename("%s") eseal_seal_builder_set_esid;
%rename("%s") eseal_seal_builder_set_type;
%rename("%s") eseal_seal_builder_set_name;
%rename("%s") eseal_seal_builder_set_cert_list_type;
%rename("%s") eseal_seal_builder_add_signer_cert;
%rename("%s") eseal_seal_builder_set_dates;
%rename("%s") eseal_seal_builder_set_picture;
%rename("%s") eseal_seal_builder_add_extension;
%rename("%s") eseal_data_free;
%rename("%s") eseal_report_free;
%rename("%s") eseal_report_indication;
%rename("%s") eseal_report_sub_indication;
%rename("%s") eseal_indication_name;
%rename("%s") eseal_sub_indication_name;
%rename("%s") eseal_check_status_name;
%rename("%s") eseal_report_kind;
%rename("%s") eseal_report_check_count;
%rename("%s") eseal_report_check_id;
%rename("%s") eseal_report_check_status;
%rename("%s") eseal_report_check_indication;
%rename("%s") eseal_report_check_sub_indication;
%rename("%s") eseal_report_check_message;
%rename("%s") eseal_report_find_check;
%rename("%s") eseal_report_cert_count;
%rename("%s") eseal_report_cert_role;
%rename("%s") eseal_ofd_report_free;
%rename("%s") eseal_ofd_report_indication;
%rename("%s") eseal_ofd_report_sub_indication;
%rename("%s") eseal_ofd_report_signature_count;
%rename("%s") eseal_ofd_report_signature_id;
%rename("%s") eseal_ofd_report_signature_type;
%rename("%s") eseal_ofd_report_signature_path;
%rename("%s") eseal_ofd_report_find_signature;
%rename("%s") eseal_store_free;
%rename("%s") eseal_store_backend_name;
%rename("%s") eseal_store_check_name;
%rename("%s") eseal_ctx_set_store;
%rename("%s") eseal_evidence_free;
%rename("%s") eseal_evidence_ok;
%rename("%s") eseal_evidence_error;
%rename("%s") eseal_evidence_reason;
%rename("%s") eseal_evidence_origin;
%rename("%s") eseal_evidence_tree_size;
%rename("%s") eseal_evidence_time;
%rename("%s") eseal_evidence_hash_name;
%rename("%s") eseal_evidence_record_count;
%rename("%s") eseal_evidence_record_seq;
%rename("%s") eseal_evidence_cert_count;
%rename("%s") eseal_registry_register;
%rename("%s") eseal_registry_reissue;
%rename("%s") eseal_registry_freeze;
%rename("%s") eseal_registry_cancel;
%rename("%s") eseal_registry_loss_notified;
%rename("%s") eseal_seal_state_name;
%rename("%s") eseal_policy_free;
%rename("%s") eseal_policy_rule_count;
%rename("%s") eseal_policy_load_calendar;
%rename("%s") eseal_policy_set_late_window;
%rename("%s") eseal_risk_level_name;
%rename("%s") eseal_ctx_set_policy;
%rename("%s") eseal_device_register;
%rename("%s") eseal_ctx_add_intermediate_cert;
%rename("%s") eseal_ctx_add_crl;
%rename("%s") eseal_ctx_add_crl_file;
%rename("%s") eseal_ctx_add_ocsp_response;
%rename("%s") eseal_ctx_add_ocsp_response_file;
%rename("%s") eseal_revocation_reason_name;
%rename("%s") eseal_report_validation_count;
%rename("%s") eseal_report_validation_kind;
%rename("%s") eseal_report_validation_about;
%rename("%s", regextarget=1, %$isfunction) "^eseal_seal_status_(free|state|es_id|registered_at|registered_by|changed_at|changed_by|reason|sequence|freeze_sequence|final_at|notify_result)$";

#ifdef SWIGPYTHON
/*
 * Every call releases the GIL while the library runs (-threads), except the
 * quick ones: reading a report, freeing a handle. Each release and retake is
 * a hand-over between threads, which costs more than these calls (on a VM,
 * tens of microseconds a wake-up) and kept two threads verifying at 1.15x one.
 */
%include "nothreadallow.i"
/* Data is hashed when made: released only for large data (1 MiB takes milliseconds). */
%feature("nothreadallow") esb_data_from_bytes;
%exception esb_data_from_bytes {
  if (arg2 >= 64 * 1024) {
    SWIG_PYTHON_THREAD_BEGIN_ALLOW;
    $action
    SWIG_PYTHON_THREAD_END_ALLOW;
  } else {
    $action
  }
}
#endif

/* SWIG reads the headers as a static build sees them: no visibility attributes. */
#define ESEAL_STATIC
%include "eseal/common.h"
%include "eseal/errors.h"
%include "eseal/format.h"
%include "eseal/seal.h"
%include "eseal/signature.h"
%include "eseal/cert.h"
%include "eseal/key.h"
%include "eseal/pkcs11.h"
%include "eseal/context.h"
%include "eseal/trust.h"
%include "eseal/picture.h"
%include "eseal/seal_builder.h"
%include "eseal/stamp.h"
%include "eseal/verify.h"
%include "eseal/report.h"
%include "eseal/ofd.h"
%include "eseal/store.h"
%include "eseal/evidence.h"
%include "eseal/registry.h"
%include "eseal/revocation.h"
%include "eseal/policy.h"
%include "eseal/physical.h"
%include "eseal_binding.h"
