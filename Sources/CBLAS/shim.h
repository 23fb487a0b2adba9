#ifndef REFINER_CBLAS_SHIM_H
#define REFINER_CBLAS_SHIM_H

#include <cblas.h>

#endif
