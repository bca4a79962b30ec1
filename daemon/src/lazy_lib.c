// SPDX-License-Identifier: GPL-2.0-or-later
#include "lazy_lib.h"

#include <dlfcn.h>

#include "log.h"

/* dlopen(SONAME) for good (RTLD_NOW | RTLD_LOCAL); NULL, logged, if it fails. */
static void *open_lib(const char *soname)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		log_err("cannot load %s: %s", soname, dlerror());
	else
		log_info("loaded %s", soname);
	return h;
}

bool lazy_lib_loaded(struct lazy_lib *l)
{
	return atomic_load_explicit(&l->ready, memory_order_acquire);
}

bool lazy_lib_ready(struct lazy_lib *l)
{
	void *h;

	if (lazy_lib_loaded(l))
		return true;
	pthread_mutex_lock(&l->lock);
	if (!l->tried) {
		l->tried = true;
		h = open_lib(l->soname);
		if (h && l->resolve(h))
			atomic_store_explicit(&l->ready, true, memory_order_release);
	}
	pthread_mutex_unlock(&l->lock);
	return lazy_lib_loaded(l);
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
