// SPDX-License-Identifier: GPL-2.0-or-later
#include "lazy_lib.h"

#include <dlfcn.h>

#include "log.h"

void *lazy_lib_open(const char *soname)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		log_err("cannot load %s: %s", soname, dlerror());
	else
		log_info("loaded %s", soname);
	return h;
}

void *lazy_lib_sym(void *h, const char *soname, const char *name, bool *ok)
{
	void *p = dlsym(h, name);

	if (!p) {
		log_err("%s has no %s", soname, name);
		*ok = false;
	}
	return p;
}
