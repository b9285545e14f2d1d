/*
 * The C declarations ftagent-ffi mirrors by hand for libc and the Linux packet socket API.
 *
 * This header INCLUDES the real system headers rather than copying declarations, so offsets.c always sees
 * exactly what the C compiler of the build machine sees. The mirrored items are listed below per header,
 * with the Java class that mirrors each struct (package com.flowtriq.ftagent.ffi).
 *
 * <linux/if_packet.h>   struct tpacket_req3          -> TpacketReq3
 *                       struct tpacket_block_desc    -> TpacketBlockDesc (hdr.bh1 = struct tpacket_hdr_v1,
 *                                                       ts_* = struct tpacket_bd_ts)
 *                       struct tpacket3_hdr          -> Tpacket3Hdr (hv1 = struct tpacket_hdr_variant1)
 *                       struct tpacket_stats_v3      -> TpacketStatsV3
 *                       struct sockaddr_ll           -> SockaddrLl
 *                       struct packet_mreq           -> PacketMreq
 *                       PACKET_*, TPACKET_V*, TP_STATUS_*, TP_FT_REQ_FILL_RXHASH, PACKET_FANOUT_*  -> Libc
 * <poll.h>              struct pollfd                -> Pollfd;   POLL*                                 -> Libc
 * <sys/uio.h>           struct iovec                 -> Iovec
 * <sys/socket.h>        struct msghdr, struct mmsghdr -> Msghdr, Mmsghdr; AF_*, SOCK_*, SOL_*, SO_*, MSG_* -> Libc
 * <sys/socket.h>        struct sockaddr -> Sockaddr;  <netinet/in.h> struct sockaddr_in, sockaddr_in6 -> SockaddrIn, SockaddrIn6
 * <sys/mman.h>          PROT_*, MAP_*                                                                      -> Libc
 * <sched.h>             CLONE_NEWNET;  <fcntl.h> O_RDONLY, O_CLOEXEC;  <net/if.h> IFNAMSIZ               -> Libc
 * <linux/if_ether.h>    ETH_P_*                                                                            -> Libc
 * <linux/if_arp.h>      ARPHRD_* (sll_hatype: does a frame start with Ethernet or with IP)                 -> Libc
 * <errno.h>             E*                                                                                 -> Errno
 *
 * Functions bound in Libc (prototypes as declared by glibc):
 *   int socket(int domain, int type, int protocol);
 *   int bind(int fd, const struct sockaddr *addr, socklen_t len);
 *   int getsockname(int fd, struct sockaddr *addr, socklen_t *len);
 *   int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen);
 *   int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen);
 *   int close(int fd);
 *   void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);
 *   int munmap(void *addr, size_t len);
 *   int poll(struct pollfd *fds, nfds_t nfds, int timeout);
 *   ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *addr, socklen_t len);
 *   int sendmmsg(int fd, struct mmsghdr *vmessages, unsigned int vlen, int flags);
 *   unsigned int if_nametoindex(const char *ifname);
 *   int open(const char *file, int oflag, ...);
 *   int setns(int fd, int nstype);
 *   char *strerror(int errnum);
 *
 * <netpacket/packet.h> is deliberately not included: it redefines sockaddr_ll and packet_mreq, which
 * <linux/if_packet.h> already declares identically.
 */
#ifndef FTAGENT_LIBC_H
#define FTAGENT_LIBC_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#endif
