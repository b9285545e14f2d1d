/*
 * Prints the C compiler's view of every struct, field and constant that ftagent-ffi mirrors, for OffsetsTest.
 *
 * Output, one item per line:
 *   section <libc|pcap>            (the items below it belong to that binding)
 *   struct <c_struct_name> <sizeof>
 *   field <c_struct_name>.<member path> <offsetof> <sizeof>
 *   const <NAME> <value as a signed 64-bit decimal>
 *
 * Member paths use the C names; members of anonymous unions appear without a union component, exactly as C
 * code names them (tpacket3_hdr.hv1.tp_rxhash). Nested structs and unions are listed as fields too, then
 * their members. Arrays are listed as one field (offset of the first element, size of the whole array).
 *
 * The pcap section is compiled only with -DFTAGENT_WITH_PCAP (needs <pcap/pcap.h> from libpcap-dev).
 *
 * Build and run:  gcc -Wall -DFTAGENT_WITH_PCAP -o /tmp/offsets offsets.c && /tmp/offsets
 */
/* Before any system header: mmsghdr, setns and CLONE_NEWNET are GNU extensions. */
#define _GNU_SOURCE

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ftagent_libc.h"
#ifdef FTAGENT_WITH_PCAP
#include "ftagent_pcap.h"
#endif

#define STRUCT(T) printf("struct %s %zu\n", #T, sizeof(struct T))
#define FIELD(T, PATH) \
    printf("field %s.%s %zu %zu\n", #T, #PATH, offsetof(struct T, PATH), sizeof(((struct T *)0)->PATH))
#define CONST(NAME) printf("const %s %lld\n", #NAME, (long long)(NAME))

static void libc_structs(void)
{
    STRUCT(tpacket_req3);
    FIELD(tpacket_req3, tp_block_size);
    FIELD(tpacket_req3, tp_block_nr);
    FIELD(tpacket_req3, tp_frame_size);
    FIELD(tpacket_req3, tp_frame_nr);
    FIELD(tpacket_req3, tp_retire_blk_tov);
    FIELD(tpacket_req3, tp_sizeof_priv);
    FIELD(tpacket_req3, tp_feature_req_word);

    STRUCT(tpacket_block_desc);
    FIELD(tpacket_block_desc, version);
    FIELD(tpacket_block_desc, offset_to_priv);
    FIELD(tpacket_block_desc, hdr);
    FIELD(tpacket_block_desc, hdr.bh1);
    FIELD(tpacket_block_desc, hdr.bh1.block_status);
    FIELD(tpacket_block_desc, hdr.bh1.num_pkts);
    FIELD(tpacket_block_desc, hdr.bh1.offset_to_first_pkt);
    FIELD(tpacket_block_desc, hdr.bh1.blk_len);
    FIELD(tpacket_block_desc, hdr.bh1.seq_num);
    FIELD(tpacket_block_desc, hdr.bh1.ts_first_pkt);
    FIELD(tpacket_block_desc, hdr.bh1.ts_first_pkt.ts_sec);
    FIELD(tpacket_block_desc, hdr.bh1.ts_first_pkt.ts_usec);
    FIELD(tpacket_block_desc, hdr.bh1.ts_first_pkt.ts_nsec);
    FIELD(tpacket_block_desc, hdr.bh1.ts_last_pkt);
    FIELD(tpacket_block_desc, hdr.bh1.ts_last_pkt.ts_sec);
    FIELD(tpacket_block_desc, hdr.bh1.ts_last_pkt.ts_usec);
    FIELD(tpacket_block_desc, hdr.bh1.ts_last_pkt.ts_nsec);

    STRUCT(tpacket3_hdr);
    FIELD(tpacket3_hdr, tp_next_offset);
    FIELD(tpacket3_hdr, tp_sec);
    FIELD(tpacket3_hdr, tp_nsec);
    FIELD(tpacket3_hdr, tp_snaplen);
    FIELD(tpacket3_hdr, tp_len);
    FIELD(tpacket3_hdr, tp_status);
    FIELD(tpacket3_hdr, tp_mac);
    FIELD(tpacket3_hdr, tp_net);
    FIELD(tpacket3_hdr, hv1);
    FIELD(tpacket3_hdr, hv1.tp_rxhash);
    FIELD(tpacket3_hdr, hv1.tp_vlan_tci);
    FIELD(tpacket3_hdr, hv1.tp_vlan_tpid);
    FIELD(tpacket3_hdr, hv1.tp_padding);
    FIELD(tpacket3_hdr, tp_padding);

    STRUCT(tpacket_stats_v3);
    FIELD(tpacket_stats_v3, tp_packets);
    FIELD(tpacket_stats_v3, tp_drops);
    FIELD(tpacket_stats_v3, tp_freeze_q_cnt);

    STRUCT(sockaddr_ll);
    FIELD(sockaddr_ll, sll_family);
    FIELD(sockaddr_ll, sll_protocol);
    FIELD(sockaddr_ll, sll_ifindex);
    FIELD(sockaddr_ll, sll_hatype);
    FIELD(sockaddr_ll, sll_pkttype);
    FIELD(sockaddr_ll, sll_halen);
    FIELD(sockaddr_ll, sll_addr);

    STRUCT(packet_mreq);
    FIELD(packet_mreq, mr_ifindex);
    FIELD(packet_mreq, mr_type);
    FIELD(packet_mreq, mr_alen);
    FIELD(packet_mreq, mr_address);

    STRUCT(pollfd);
    FIELD(pollfd, fd);
    FIELD(pollfd, events);
    FIELD(pollfd, revents);

    STRUCT(iovec);
    FIELD(iovec, iov_base);
    FIELD(iovec, iov_len);

    STRUCT(msghdr);
    FIELD(msghdr, msg_name);
    FIELD(msghdr, msg_namelen);
    FIELD(msghdr, msg_iov);
    FIELD(msghdr, msg_iovlen);
    FIELD(msghdr, msg_control);
    FIELD(msghdr, msg_controllen);
    FIELD(msghdr, msg_flags);

    STRUCT(mmsghdr);
    FIELD(mmsghdr, msg_hdr);
    FIELD(mmsghdr, msg_hdr.msg_name);
    FIELD(mmsghdr, msg_hdr.msg_namelen);
    FIELD(mmsghdr, msg_hdr.msg_iov);
    FIELD(mmsghdr, msg_hdr.msg_iovlen);
    FIELD(mmsghdr, msg_hdr.msg_control);
    FIELD(mmsghdr, msg_hdr.msg_controllen);
    FIELD(mmsghdr, msg_hdr.msg_flags);
    FIELD(mmsghdr, msg_len);

    STRUCT(sockaddr);
    FIELD(sockaddr, sa_family);
    FIELD(sockaddr, sa_data);

    STRUCT(sockaddr_in);
    FIELD(sockaddr_in, sin_family);
    FIELD(sockaddr_in, sin_port);
    FIELD(sockaddr_in, sin_addr);
    FIELD(sockaddr_in, sin_addr.s_addr);
    FIELD(sockaddr_in, sin_zero);

    STRUCT(sockaddr_in6);
    FIELD(sockaddr_in6, sin6_family);
    FIELD(sockaddr_in6, sin6_port);
    FIELD(sockaddr_in6, sin6_flowinfo);
    FIELD(sockaddr_in6, sin6_addr);
    FIELD(sockaddr_in6, sin6_scope_id);
}

static void libc_constants(void)
{
    CONST(AF_UNSPEC);
    CONST(AF_INET);
    CONST(AF_INET6);
    CONST(AF_PACKET);
    CONST(SOCK_STREAM);
    CONST(SOCK_DGRAM);
    CONST(SOCK_RAW);
    CONST(SOCK_NONBLOCK);
    CONST(SOCK_CLOEXEC);
    CONST(ETH_P_ALL);
    CONST(ETH_P_IP);
    CONST(ETH_P_ARP);
    CONST(ETH_P_8021Q);
    CONST(ETH_P_IPV6);
    CONST(ETH_P_8021AD);

    CONST(ARPHRD_ETHER);
    CONST(ARPHRD_LOOPBACK);
    CONST(ARPHRD_NONE);
    CONST(ARPHRD_RAWIP);
    CONST(ARPHRD_TUNNEL);
    CONST(ARPHRD_TUNNEL6);
    CONST(ARPHRD_SIT);
    CONST(ARPHRD_IPGRE);
    CONST(ARPHRD_IP6GRE);

    CONST(SOL_SOCKET);
    CONST(SOL_PACKET);
    CONST(SO_SNDBUF);
    CONST(SO_RCVBUF);
    CONST(SO_SNDBUFFORCE);
    CONST(SO_RCVBUFFORCE);
    CONST(MSG_DONTWAIT);

    CONST(PACKET_ADD_MEMBERSHIP);
    CONST(PACKET_DROP_MEMBERSHIP);
    CONST(PACKET_RX_RING);
    CONST(PACKET_STATISTICS);
    CONST(PACKET_VERSION);
    CONST(PACKET_RESERVE);
    CONST(PACKET_TX_RING);
    CONST(PACKET_LOSS);
    CONST(PACKET_TIMESTAMP);
    CONST(PACKET_FANOUT);
    CONST(PACKET_QDISC_BYPASS);
    CONST(PACKET_IGNORE_OUTGOING);
    CONST(TPACKET_V1);
    CONST(TPACKET_V2);
    CONST(TPACKET_V3);

    CONST(PACKET_FANOUT_HASH);
    CONST(PACKET_FANOUT_LB);
    CONST(PACKET_FANOUT_CPU);
    CONST(PACKET_FANOUT_ROLLOVER);
    CONST(PACKET_FANOUT_RND);
    CONST(PACKET_FANOUT_QM);
    CONST(PACKET_FANOUT_CBPF);
    CONST(PACKET_FANOUT_EBPF);
    CONST(PACKET_FANOUT_FLAG_ROLLOVER);
    CONST(PACKET_FANOUT_FLAG_UNIQUEID);
    CONST(PACKET_FANOUT_FLAG_DEFRAG);

    CONST(PACKET_MR_MULTICAST);
    CONST(PACKET_MR_PROMISC);
    CONST(PACKET_MR_ALLMULTI);
    CONST(PACKET_HOST);
    CONST(PACKET_BROADCAST);
    CONST(PACKET_MULTICAST);
    CONST(PACKET_OTHERHOST);
    CONST(PACKET_OUTGOING);

    CONST(TP_STATUS_KERNEL);
    CONST(TP_STATUS_USER);
    CONST(TP_STATUS_COPY);
    CONST(TP_STATUS_LOSING);
    CONST(TP_STATUS_CSUMNOTREADY);
    CONST(TP_STATUS_VLAN_VALID);
    CONST(TP_STATUS_BLK_TMO);
    CONST(TP_STATUS_VLAN_TPID_VALID);
    CONST(TP_STATUS_CSUM_VALID);
    CONST(TP_STATUS_AVAILABLE);
    CONST(TP_STATUS_SEND_REQUEST);
    CONST(TP_STATUS_SENDING);
    CONST(TP_STATUS_WRONG_FORMAT);
    CONST(TP_STATUS_TS_SOFTWARE);
    CONST(TP_STATUS_TS_RAW_HARDWARE);
    CONST(TP_FT_REQ_FILL_RXHASH);
    CONST(TPACKET_ALIGNMENT);

    CONST(PROT_NONE);
    CONST(PROT_READ);
    CONST(PROT_WRITE);
    CONST(MAP_SHARED);
    CONST(MAP_PRIVATE);
    CONST(MAP_ANONYMOUS);
    CONST(MAP_LOCKED);
    CONST(MAP_NORESERVE);
    CONST(MAP_POPULATE);
    printf("const MAP_FAILED %lld\n", (long long)(intptr_t)MAP_FAILED);

    CONST(POLLIN);
    CONST(POLLPRI);
    CONST(POLLOUT);
    CONST(POLLERR);
    CONST(POLLHUP);
    CONST(POLLNVAL);

    CONST(CLONE_NEWNET);
    CONST(O_RDONLY);
    CONST(O_CLOEXEC);
    CONST(IFNAMSIZ);
}

static void errno_constants(void)
{
    CONST(EPERM);
    CONST(ENOENT);
    CONST(ESRCH);
    CONST(EINTR);
    CONST(EIO);
    CONST(ENXIO);
    CONST(E2BIG);
    CONST(EBADF);
    CONST(EAGAIN);
    CONST(ENOMEM);
    CONST(EACCES);
    CONST(EFAULT);
    CONST(EBUSY);
    CONST(EEXIST);
    CONST(ENODEV);
    CONST(ENOTDIR);
    CONST(EINVAL);
    CONST(ENFILE);
    CONST(EMFILE);
    CONST(ENOSPC);
    CONST(EPIPE);
    CONST(ERANGE);
    CONST(ENOSYS);
    CONST(ENOTSOCK);
    CONST(EMSGSIZE);
    CONST(ENOPROTOOPT);
    CONST(EPROTONOSUPPORT);
    CONST(EOPNOTSUPP);
    CONST(EAFNOSUPPORT);
    CONST(EADDRINUSE);
    CONST(EADDRNOTAVAIL);
    CONST(ENETDOWN);
    CONST(ENETUNREACH);
    CONST(ENOBUFS);
    CONST(ETIMEDOUT);
}

#ifdef FTAGENT_WITH_PCAP
static void pcap_structs(void)
{
    STRUCT(pcap_pkthdr);
    FIELD(pcap_pkthdr, ts);
    FIELD(pcap_pkthdr, ts.tv_sec);
    FIELD(pcap_pkthdr, ts.tv_usec);
    FIELD(pcap_pkthdr, caplen);
    FIELD(pcap_pkthdr, len);

    STRUCT(pcap_stat);
    FIELD(pcap_stat, ps_recv);
    FIELD(pcap_stat, ps_drop);
    FIELD(pcap_stat, ps_ifdrop);

    STRUCT(bpf_program);
    FIELD(bpf_program, bf_len);
    FIELD(bpf_program, bf_insns);

    STRUCT(pcap_if);
    FIELD(pcap_if, next);
    FIELD(pcap_if, name);
    FIELD(pcap_if, description);
    FIELD(pcap_if, addresses);
    FIELD(pcap_if, flags);

    STRUCT(pcap_addr);
    FIELD(pcap_addr, next);
    FIELD(pcap_addr, addr);
    FIELD(pcap_addr, netmask);
    FIELD(pcap_addr, broadaddr);
    FIELD(pcap_addr, dstaddr);
}

static void pcap_constants(void)
{
    CONST(PCAP_ERRBUF_SIZE);
    CONST(PCAP_ERROR);
    CONST(PCAP_ERROR_BREAK);
    CONST(PCAP_ERROR_NOT_ACTIVATED);
    CONST(PCAP_ERROR_ACTIVATED);
    CONST(PCAP_ERROR_NO_SUCH_DEVICE);
    CONST(PCAP_ERROR_RFMON_NOTSUP);
    CONST(PCAP_ERROR_NOT_RFMON);
    CONST(PCAP_ERROR_PERM_DENIED);
    CONST(PCAP_ERROR_IFACE_NOT_UP);
    CONST(PCAP_ERROR_CANTSET_TSTAMP_TYPE);
    CONST(PCAP_ERROR_PROMISC_PERM_DENIED);
    CONST(PCAP_ERROR_TSTAMP_PRECISION_NOTSUP);
    CONST(PCAP_WARNING);
    CONST(PCAP_WARNING_PROMISC_NOTSUP);
    CONST(PCAP_WARNING_TSTAMP_TYPE_NOTSUP);
    CONST(PCAP_TSTAMP_PRECISION_MICRO);
    CONST(PCAP_TSTAMP_PRECISION_NANO);
    CONST(PCAP_NETMASK_UNKNOWN);
    CONST(PCAP_IF_LOOPBACK);
    CONST(PCAP_IF_UP);
    CONST(PCAP_IF_RUNNING);
    CONST(DLT_NULL);
    CONST(DLT_EN10MB);
    CONST(DLT_RAW);
    CONST(DLT_LINUX_SLL);
    CONST(DLT_IPV4);
    CONST(DLT_IPV6);
    CONST(DLT_LINUX_SLL2);
}
#endif

int main(void)
{
    printf("section libc\n");
    libc_structs();
    libc_constants();
    errno_constants();
#ifdef FTAGENT_WITH_PCAP
    printf("section pcap\n");
    pcap_structs();
    pcap_constants();
#endif
    return 0;
}
