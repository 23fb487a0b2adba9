#ifndef REFINER_CCURL_SHIM_H
#define REFINER_CCURL_SHIM_H

#include <curl/curl.h>

// Typed wrappers for the variadic curl_easy_setopt, which Swift cannot call directly.

static inline CURLcode refiner_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode refiner_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode refiner_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode refiner_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*refiner_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode refiner_curl_setopt_write_function(CURL *handle, refiner_curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode refiner_curl_setopt_header_function(CURL *handle, refiner_curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

static inline CURLcode refiner_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

typedef int (*refiner_curl_xferinfo_callback)(
    void *context, curl_off_t downloadTotal, curl_off_t downloadNow, curl_off_t uploadTotal, curl_off_t uploadNow);

// Progress callback; returning non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK. It takes effect only
// with CURLOPT_NOPROGRESS set to 0.
static inline CURLcode refiner_curl_setopt_xferinfo_function(CURL *handle, refiner_curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

#endif
