/*
 * The libpcap declarations ftagent-ffi mirrors by hand (class Pcap and the layouts below).
 *
 * This header INCLUDES the real <pcap/pcap.h> (package libpcap-dev / libpcap-devel, needed only to run
 * offsets.c; at run time ftagent loads libpcap.so.0.8 / libpcap.so.1 / libpcap.so by soname).
 *
 * Mirrored structs (package com.flowtriq.ftagent.ffi):
 *   struct pcap_pkthdr  -> PcapPkthdr   (ts = struct timeval, 64-bit)
 *   struct pcap_stat    -> PcapStat     (non-Windows: ps_recv, ps_drop, ps_ifdrop)
 *   struct bpf_program  -> BpfProgram   (<pcap/bpf.h>)
 *   struct pcap_if      -> PcapIf
 *   struct pcap_addr    -> PcapAddr
 * Mirrored constants -> Pcap: PCAP_ERRBUF_SIZE, PCAP_ERROR*, PCAP_WARNING*, PCAP_TSTAMP_PRECISION_*,
 *   PCAP_NETMASK_UNKNOWN, PCAP_IF_LOOPBACK/UP/RUNNING, DLT_NULL, DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL,
 *   DLT_IPV4, DLT_IPV6, DLT_LINUX_SLL2 (<pcap/dlt.h>).
 *
 * Functions bound in Pcap (prototypes from pcap/pcap.h):
 *   const char *pcap_lib_version(void);
 *   int pcap_findalldevs(pcap_if_t **alldevsp, char *errbuf);
 *   void pcap_freealldevs(pcap_if_t *alldevs);
 *   pcap_t *pcap_create(const char *source, char *errbuf);
 *   int pcap_set_snaplen(pcap_t *p, int snaplen);
 *   int pcap_set_promisc(pcap_t *p, int promisc);
 *   int pcap_set_timeout(pcap_t *p, int to_ms);
 *   int pcap_set_buffer_size(pcap_t *p, int buffer_size);
 *   int pcap_set_immediate_mode(pcap_t *p, int immediate_mode);
 *   int pcap_set_tstamp_precision(pcap_t *p, int tstamp_precision);
 *   int pcap_activate(pcap_t *p);
 *   int pcap_compile(pcap_t *p, struct bpf_program *fp, const char *str, int optimize, bpf_u_int32 netmask);
 *   int pcap_setfilter(pcap_t *p, struct bpf_program *fp);
 *   void pcap_freecode(struct bpf_program *fp);
 *   int pcap_offline_filter(const struct bpf_program *fp, const struct pcap_pkthdr *h, const u_char *pkt);
 *   int pcap_dispatch(pcap_t *p, int cnt, pcap_handler callback, u_char *user);
 *     typedef void (*pcap_handler)(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes);
 *   int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **pkt_header, const u_char **pkt_data);
 *   void pcap_breakloop(pcap_t *p);
 *   int pcap_stats(pcap_t *p, struct pcap_stat *ps);
 *   pcap_t *pcap_open_offline(const char *fname, char *errbuf);
 *   pcap_t *pcap_open_offline_with_tstamp_precision(const char *fname, u_int precision, char *errbuf);
 *   pcap_t *pcap_open_dead_with_tstamp_precision(int linktype, int snaplen, u_int precision);
 *   int pcap_datalink(pcap_t *p);
 *   pcap_dumper_t *pcap_dump_open(pcap_t *p, const char *fname);
 *   void pcap_dump(u_char *user, const struct pcap_pkthdr *h, const u_char *sp);
 *   int pcap_dump_flush(pcap_dumper_t *p);
 *   void pcap_dump_close(pcap_dumper_t *p);
 *   char *pcap_geterr(pcap_t *p);
 *   void pcap_close(pcap_t *p);
 *   int pcap_get_selectable_fd(pcap_t *p);
 *   int pcap_setnonblock(pcap_t *p, int nonblock, char *errbuf);
 */
#ifndef FTAGENT_PCAP_H
#define FTAGENT_PCAP_H

#include <pcap/pcap.h>

#endif
