/*
 * Python: the quick calls that keep the GIL (see eseal.i): reading a report
 * and freeing a handle. Not a store or a context, whose freeing may close
 * connections or files.
 */
%feature("nothreadallow") eseal_cert_free;
%feature("nothreadallow") eseal_data_free;
%feature("nothreadallow") eseal_evidence_free;
%feature("nothreadallow") eseal_key_free;
%feature("nothreadallow") eseal_ofd_report_free;
%feature("nothreadallow") eseal_policy_free;
%feature("nothreadallow") eseal_report_cert;
%feature("nothreadallow") eseal_report_cert_count;
%feature("nothreadallow") eseal_report_cert_role;
%feature("nothreadallow") eseal_report_check_count;
%feature("nothreadallow") eseal_report_check_id;
%feature("nothreadallow") eseal_report_check_indication;
%feature("nothreadallow") eseal_report_check_message;
%feature("nothreadallow") eseal_report_check_status;
%feature("nothreadallow") eseal_report_check_sub_indication;
%feature("nothreadallow") eseal_report_find_check;
%feature("nothreadallow") eseal_report_free;
%feature("nothreadallow") eseal_report_indication;
%feature("nothreadallow") eseal_report_kind;
%feature("nothreadallow") eseal_report_sub_indication;
%feature("nothreadallow") eseal_report_time_get;
%feature("nothreadallow") eseal_report_to_json;
%feature("nothreadallow") eseal_report_to_text;
%feature("nothreadallow") eseal_report_validation_about;
%feature("nothreadallow") eseal_report_validation_count;
%feature("nothreadallow") eseal_report_validation_der;
%feature("nothreadallow") eseal_report_validation_kind;
%feature("nothreadallow") eseal_report_warnings;
%feature("nothreadallow") eseal_seal_builder_free;
%feature("nothreadallow") eseal_seal_free;
%feature("nothreadallow") eseal_seal_status_free;
%feature("nothreadallow") eseal_signature_free;
%feature("nothreadallow") eseal_unfreeze_order_free;
