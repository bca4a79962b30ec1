// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipcamd-apply: makes set_network.cgi, set_wifi.cgi and set_pppoe.cgi (and
 * reboot.cgi) take effect on a Debian board with systemd-networkd.
 *
 *   ipcamd-apply [OPTIONS] network|wifi|pppoe|reboot
 *	ipcamd's apply_program: the values are in IPCAM_* variables.  As
 *	root it applies them; otherwise (ipcamd runs unprivileged) it hands
 *	them to the root instance over the socket and reports its answer.
 *   ipcamd-apply --serve [OPTIONS]
 *	that root instance: systemd's Accept=yes socket on stdin/stdout,
 *	one request, one answer line ("ok" or "error: MESSAGE").
 *
 * A request is checked whole and every file rendered in memory before the
 * first write, so a refused one changes nothing.  Values are never logged:
 * some are Wi-Fi keys and the PPPoE password.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "netop_files.h"
#include "netop_render.h"
#include "netop_request.h"
#include "netop_run.h"
#include "netop_socket.h"
#include "util.h"

extern char **environ;

struct options {
	const char *root;
	const char *socket;
	struct netop_ifaces ifs;
	bool serve;
	bool no_reload;
	enum netop_kind kind;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ipcamd-apply [OPTIONS] network|wifi|pppoe|reboot   (values in IPCAM_*)\n"
		"       ipcamd-apply --serve [OPTIONS]   (a request on stdin, the answer on stdout)\n"
		"  --root DIR             prefix of every file written (default /)\n"
		"  --interface IFACE      wired interface of set_network and PPPoE (eth0)\n"
		"  --wifi-interface IFACE Wi-Fi interface (wlan0)\n"
		"  --no-reload            write the files only, run nothing\n"
		"  --socket PATH          the root instance's socket (" NETOP_SOCKET_DEFAULT ")\n");
}

/* 0, or 2 (a usage error, said on stderr). */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "serve", no_argument, NULL, 'S' },
		{ "root", required_argument, NULL, 'r' },
		{ "interface", required_argument, NULL, 'i' },
		{ "wifi-interface", required_argument, NULL, 'w' },
		{ "no-reload", no_argument, NULL, 'n' },
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct options){ .root = "/", .socket = NETOP_SOCKET_DEFAULT,
			       .ifs = { .wired = "eth0", .wifi = "wlan0" } };
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'S': o->serve = true; break;
		case 'r': o->root = optarg; break;
		case 'i': o->ifs.wired = optarg; break;
		case 'w': o->ifs.wifi = optarg; break;
		case 'n': o->no_reload = true; break;
		case 's': o->socket = optarg; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return 2;
		}
	}
	if (!o->root[0] || !netop_iface_valid(o->ifs.wired) || !netop_iface_valid(o->ifs.wifi)) {
		fprintf(stderr, "ipcamd-apply: bad --root or interface name\n");
		return 2;
	}
	if (o->serve ? optind != argc
		     : optind != argc - 1 || netop_kind_parse(argv[optind], &o->kind)) {
		usage(stderr);
		return 2;
	}
	return 0;
}

/* Check, render, write, reload.  0, or -1 with ERR. */
static int apply_request(const struct options *o, const struct netop_request *r, char *err,
			 size_t errcap)
{
	struct netop_plan plan;
	int rc = netop_render(r, &o->ifs, &plan, err, errcap);

	for (size_t i = 0; !rc && i < plan.nfiles; i++) {
		const struct netop_file *f = &plan.files[i];
		int wr = f->remove ? netop_remove_file(o->root, f->path)
				   : netop_write_file(o->root, f->path, f->text, f->len, f->mode);

		if (wr) {
			snprintf(err, errcap, "%s %s: %s", f->remove ? "removing" : "writing", f->path,
				 strerror(-wr));
			rc = -1;
		}
	}
	for (size_t i = 0; !rc && !o->no_reload && i < plan.ncmds; i++) {
		const char *argv[NETOP_ARGS_MAX + 1] = { NULL };

		for (size_t a = 0; a < plan.cmds[i].argc; a++)
			argv[a] = plan.cmds[i].argv[a];
		rc = netop_run(argv, NETOP_PATH, err, errcap);
	}
	netop_plan_wipe(&plan);
	return rc;
}

static void log_peer(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0)
		log_info("request from pid %d uid %u", (int)cred.pid, (unsigned int)cred.uid);
	else
		log_info("request from an unknown peer (stdin is no socket)");
}

/* --serve: one request from stdin, its answer on stdout. */
static int serve(const struct options *o)
{
	char buf[NETOP_REQUEST_MAX], err[512];
	struct netop_request r = { 0 };
	ssize_t n;
	int rc = -1;

	log_peer(0);
	n = netop_read_request(0, buf, sizeof(buf), NETOP_READ_TIMEOUT_MS, err, sizeof(err));
	if (n >= 0 && !netop_request_parse(&r, buf, (size_t)n, err, sizeof(err))) {
		log_info("%s request", netop_kind_name(r.kind));
		rc = apply_request(o, &r, err, sizeof(err));
		netop_request_free(&r);
	}
	secret_wipe(buf, sizeof(buf));
	if (rc)
		log_err("refused: %s", err);
	else
		log_info("applied");
	if (netop_answer(1, rc ? err : NULL))
		log_warn("the client did not wait for the answer");
	return rc ? 1 : 0;
}

/* ipcamd's apply_program call: the values in the environment. */
static int from_env(const struct options *o)
{
	struct netop_request r;
	char err[512];
	int rc;

	if (netop_request_from_env(&r, o->kind, environ, err, sizeof(err))) {
		log_err("%s: %s", netop_kind_name(o->kind), err);
		return 1;
	}
	if (geteuid() != 0) {
		size_t len;
		char *text = netop_request_format(&r, &len);

		if (len > NETOP_REQUEST_MAX) {
			snprintf(err, sizeof(err), "request too large");
			rc = -1;
		} else {
			rc = netop_client_send(o->socket, text, len, err, sizeof(err));
		}
		secret_wipe(text, len);
		free(text);
	} else {
		rc = apply_request(o, &r, err, sizeof(err));
	}
	netop_request_free(&r);
	if (rc) {
		log_err("%s: %s", netop_kind_name(o->kind), err);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	int rc = parse_options(argc, argv, &o);

	if (rc)
		return rc;
	log_set_ident("ipcamd-apply");
	log_init(0, LOG_LVL_INFO);
	/* a client that went away is an error of write(), not a signal */
	signal(SIGPIPE, SIG_IGN);
	return o.serve ? serve(&o) : from_env(&o);
}
