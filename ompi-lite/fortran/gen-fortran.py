#!/usr/bin/env python3
"""Generates ompi-lite's Fortran bindings from mpi.h, the one table of the API.

    gen-fortran.py MPI_H OUTDIR

writes into OUTDIR:
  mpi_fortran.c  the C side: one Fortran-callable wrapper per MPI function (mpi_send_,
                 pmpi_send_, and the mpi_f08 names mpi_send_f08_ / pmpi_send_f08_ as aliases)
  mpif.h         constants, sentinels and function types for `include 'mpif.h'`
                 (fixed and free form: every line fits in columns 7-72)
  mpi.f90        module mpi: the constants and an explicit interface for every routine
  mpi_f08.f90    module mpi_f08: TYPE(MPI_Comm) and friends, TYPE(MPI_Status), the constants
                 as typed parameters, == and /= on handles, and generic interfaces whose
                 specific procedures are the C wrappers themselves (ierror optional)

Every function declared with OMPI_LITE_API in mpi.h gets bindings. A parameter's Fortran form
follows from its C type and name (the rules are in classify()); the few functions whose
Fortran form the rules cannot derive (callbacks, attribute values, argc/argv) have their
Fortran parameters in SPECIAL and their C side written by hand in ompi-lite/oml_fortran.c.
A parameter the rules do not know stops the generator, so a new C function can never get a
wrong binding silently.
"""

import os
import platform
import re
import sys

# ---- the API, read from mpi.h ----------------------------------------------------------------

HANDLES = {
    "MPI_Comm": "COMM",
    "MPI_Datatype": "DATATYPE",
    "MPI_Group": "GROUP",
    "MPI_Request": "REQUEST",
    "MPI_Op": "OP",
    "MPI_Info": "INFO",
    "MPI_Errhandler": "ERRHANDLER",
    "MPI_Message": "MESSAGE",
    "MPI_Win": "WIN",
    "MPI_File": "FILE",
    "MPI_Session": "SESSION",
}

# C-only functions: the standard gives them no Fortran binding (the tool information interface,
# MPI_T_*, and the ABI's integer handles among them), or ompi-lite has none yet
# (MPI_Abi_get/set_fortran_booleans, whose values are LOGICALs of any kind), or (the MPI-1
# functions removed in MPI-3.0 whose Fortran addresses are default INTEGERs) a Fortran binding
# that differs from the C one: those are in FORTRAN_ONLY. The large-count _c variants are, in Fortran, overloads of
# the mpi_f08 generics with INTEGER(KIND=MPI_COUNT_KIND) counts, which ompi-lite does not have.
C_ONLY = re.compile(r"^(T_\w+|\w+_c|\w+_f2c|\w+_c2f|\w+_toint|\w+_fromint|Abi_\w+_booleans|"
                    r"Status_f2c|Status_c2f|Address|Type_extent|Type_lb|Type_ub|"
                    r"Type_hvector|Type_hindexed|Type_struct)$")

# Handle arguments passed by pointer that the function reads and may change (the others are
# outputs only).
INOUT_HANDLES = {
    ("Comm_free", "comm"), ("Type_commit", "datatype"), ("Type_free", "datatype"),
    ("Group_free", "group"), ("Info_free", "info"), ("Op_free", "op"),
    ("Errhandler_free", "errhandler"), ("Request_free", "request"), ("Wait", "request"),
    ("Test", "request"), ("Cancel", "request"), ("Start", "request"),
    ("Mrecv", "message"), ("Imrecv", "message"), ("Win_free", "win"), ("File_close", "fh"),
    ("Session_finalize", "session"), ("Comm_disconnect", "comm"),
}

# Logical (Fortran LOGICAL) parameters: C int by these names.
LOGICALS = {"flag", "reorder", "periods", "remain_dims", "commute", "weighted"}

# Lengths of handle arrays and logical output arrays (C expressions over the wrapper's
# arguments, which are all pointers).
ARRAY_LEN = {
    ("Waitall", "array_of_requests"): "*count",
    ("Testall", "array_of_requests"): "*count",
    ("Waitany", "array_of_requests"): "*count",
    ("Testany", "array_of_requests"): "*count",
    ("Waitsome", "array_of_requests"): "*incount",
    ("Testsome", "array_of_requests"): "*incount",
    ("Startall", "array_of_requests"): "*count",
    ("Type_create_struct", "array_of_types"): "*count",
    ("Type_get_contents", "array_of_datatypes"): "*max_datatypes",
    ("Alltoallw", "sendtypes"): "oml_comm_peers(c_comm, 0)",
    ("Alltoallw", "recvtypes"): "oml_comm_peers(c_comm, 0)",
    ("Ialltoallw", "sendtypes"): "oml_comm_peers(c_comm, 0)",
    ("Ialltoallw", "recvtypes"): "oml_comm_peers(c_comm, 0)",
    ("Alltoallw_init", "sendtypes"): "oml_comm_peers(c_comm, 0)",
    ("Alltoallw_init", "recvtypes"): "oml_comm_peers(c_comm, 0)",
    ("Neighbor_alltoallw", "sendtypes"): "oml_comm_peers(c_comm, 2)",
    ("Neighbor_alltoallw", "recvtypes"): "oml_comm_peers(c_comm, 1)",
    ("Ineighbor_alltoallw", "sendtypes"): "oml_comm_peers(c_comm, 2)",
    ("Ineighbor_alltoallw", "recvtypes"): "oml_comm_peers(c_comm, 1)",
    ("Neighbor_alltoallw_init", "sendtypes"): "oml_comm_peers(c_comm, 2)",
    ("Neighbor_alltoallw_init", "recvtypes"): "oml_comm_peers(c_comm, 1)",
    ("Cart_get", "periods"): "*maxdims",
}

# Buffer-length bound of string outputs, by parameter name.
STRING_OUT = {
    ("Get_processor_name", "name"): "MPI_MAX_PROCESSOR_NAME",
    ("Get_library_version", "version"): "MPI_MAX_LIBRARY_VERSION_STRING",
    ("Error_string", "string"): "MPI_MAX_ERROR_STRING",
    ("File_get_view", "datarep"): "MPI_MAX_DATAREP_STRING",
    ("Open_port", "port_name"): "MPI_MAX_PORT_NAME",
    ("Lookup_name", "port_name"): "MPI_MAX_PORT_NAME",
    ("Comm_get_name", "comm_name"): "MPI_MAX_OBJECT_NAME",
    ("Type_get_name", "type_name"): "MPI_MAX_OBJECT_NAME",
    ("Info_get_nthkey", "key"): "MPI_MAX_INFO_KEY",
    ("Win_get_name", "win_name"): "MPI_MAX_OBJECT_NAME",
}

# Choice (buffer) parameters, by name.
CHOICE = {"buf", "sendbuf", "recvbuf", "buffer", "inbuf", "outbuf", "location", "inoutbuf",
          "base", "origin_addr", "result_addr", "compare_addr"}

# Fortran indices are 1-based: what to add to an index output after the call.
INDEX_FIXUPS = {
    "Waitany": "oml_f_index_out(index)",
    "Testany": "oml_f_index_out(index)",
    "Waitsome": "oml_f_indices_out(outcount, array_of_indices)",
    "Testsome": "oml_f_indices_out(outcount, array_of_indices)",
}

# Functions whose C side is written by hand (oml_fortran.c): their Fortran parameters.
SPECIAL = {
    "Init": [],
    "Info_create_env": [("info", "h_out:MPI_Info")],
    "Init_thread": [("required", "int_in"), ("provided", "int_out")],
    "Pcontrol": [("level", "int_in")],
    "Op_create": [("user_fn", "proc"), ("commute", "log_in"), ("op", "h_out:MPI_Op")],
    "Comm_create_errhandler": [("comm_errhandler_fn", "proc"),
                               ("errhandler", "h_out:MPI_Errhandler")],
    "Comm_create_keyval": [("comm_copy_attr_fn", "proc"), ("comm_delete_attr_fn", "proc"),
                           ("comm_keyval", "int_out"), ("extra_state", "aint_in")],
    "Type_create_keyval": [("type_copy_attr_fn", "proc"), ("type_delete_attr_fn", "proc"),
                           ("type_keyval", "int_out"), ("extra_state", "aint_in")],
    "Keyval_create": [("copy_fn", "proc"), ("delete_fn", "proc"), ("keyval", "int_out"),
                      ("extra_state", "int_in")],
    "Comm_set_attr": [("comm", "h_in:MPI_Comm"), ("comm_keyval", "int_in"),
                      ("attribute_val", "aint_in")],
    "Comm_get_attr": [("comm", "h_in:MPI_Comm"), ("comm_keyval", "int_in"),
                      ("attribute_val", "aint_out"), ("flag", "log_out")],
    "Attr_put": [("comm", "h_in:MPI_Comm"), ("keyval", "int_in"), ("attribute_val", "int_in")],
    "Attr_get": [("comm", "h_in:MPI_Comm"), ("keyval", "int_in"), ("attribute_val", "int_out"),
                 ("flag", "log_out")],
    "Type_set_attr": [("datatype", "h_in:MPI_Datatype"), ("type_keyval", "int_in"),
                      ("attribute_val", "aint_in")],
    "Type_get_attr": [("datatype", "h_in:MPI_Datatype"), ("type_keyval", "int_in"),
                      ("attribute_val", "aint_out"), ("flag", "log_out")],
    "Alloc_mem": [("size", "aint_in"), ("info", "h_in:MPI_Info"), ("baseptr", "cptr_out")],
    "Info_get": [("info", "h_in:MPI_Info"), ("key", "str_in"), ("valuelen", "int_in"),
                 ("value", "str_out"), ("flag", "log_out")],
    "Info_get_string": [("info", "h_in:MPI_Info"), ("key", "str_in"), ("buflen", "int_out"),
                        ("value", "str_out"), ("flag", "log_out")],
    "Win_allocate": [("size", "aint_in"), ("disp_unit", "int_in"), ("info", "h_in:MPI_Info"),
                     ("comm", "h_in:MPI_Comm"), ("baseptr", "cptr_out"),
                     ("win", "h_out:MPI_Win")],
    "Win_allocate_shared": [("size", "aint_in"), ("disp_unit", "int_in"),
                            ("info", "h_in:MPI_Info"), ("comm", "h_in:MPI_Comm"),
                            ("baseptr", "cptr_out"), ("win", "h_out:MPI_Win")],
    "Win_shared_query": [("win", "h_in:MPI_Win"), ("rank", "int_in"), ("size", "aint_out"),
                         ("disp_unit", "int_out"), ("baseptr", "cptr_out")],
    "Win_create_keyval": [("win_copy_attr_fn", "proc"), ("win_delete_attr_fn", "proc"),
                          ("win_keyval", "int_out"), ("extra_state", "aint_in")],
    "Win_set_attr": [("win", "h_in:MPI_Win"), ("win_keyval", "int_in"),
                     ("attribute_val", "aint_in")],
    "Win_get_attr": [("win", "h_in:MPI_Win"), ("win_keyval", "int_in"),
                     ("attribute_val", "aint_out"), ("flag", "log_out")],
    "Grequest_start": [("query_fn", "proc"), ("free_fn", "proc"), ("cancel_fn", "proc"),
                       ("extra_state", "aint_in"), ("request", "h_out:MPI_Request")],
    "Errhandler_create": [("function", "proc"), ("errhandler", "h_out:MPI_Errhandler")],
    "Win_create_errhandler": [("win_errhandler_fn", "proc"),
                              ("errhandler", "h_out:MPI_Errhandler")],
    "File_create_errhandler": [("file_errhandler_fn", "proc"),
                               ("errhandler", "h_out:MPI_Errhandler")],
    "Session_create_errhandler": [("session_errhandler_fn", "proc"),
                                  ("errhandler", "h_out:MPI_Errhandler")],
    "Session_get_nth_pset": [("session", "h_in:MPI_Session"), ("info", "h_in:MPI_Info"),
                             ("n", "int_in"), ("pset_len", "int_out"), ("pset_name", "str_out")],
    # arrays of strings (not built: the C side raises the error)
    "Comm_spawn": [("command", "str_in"), ("argv", "strarr_in"), ("maxprocs", "int_in"),
                   ("info", "h_in:MPI_Info"), ("root", "int_in"), ("comm", "h_in:MPI_Comm"),
                   ("intercomm", "h_out:MPI_Comm"), ("array_of_errcodes", "intarr")],
    "Comm_spawn_multiple": [("count", "int_in"), ("array_of_commands", "strarr_in"),
                            ("array_of_argv", "strarr2_in"), ("array_of_maxprocs", "intarr"),
                            ("array_of_info", "harr_in:MPI_Info"), ("root", "int_in"),
                            ("comm", "h_in:MPI_Comm"), ("intercomm", "h_out:MPI_Comm"),
                            ("array_of_errcodes", "intarr")],
}
NO_IERROR = {"Pcontrol", "F_sync_reg"}
# Fortran-only routines (C side in oml_fortran.c): MPI_F_SYNC_REG(buf) tells the compiler that
# buf may have changed (after the wait of a nonblocking call on it).
# The MPI-1 routines removed in MPI-3.0 with default INTEGER addresses and displacements
# (old Fortran codes call them): C side in oml_fortran.c.
FORTRAN_ONLY = {
    "F_sync_reg": [("buf", "choice")],
    "Address": [("location", "choice"), ("address", "int_out")],
    "Type_extent": [("datatype", "h_in:MPI_Datatype"), ("extent", "int_out")],
    "Type_lb": [("datatype", "h_in:MPI_Datatype"), ("displacement", "int_out")],
    "Type_ub": [("datatype", "h_in:MPI_Datatype"), ("displacement", "int_out")],
    "Type_hvector": [("count", "int_in"), ("blocklength", "int_in"), ("stride", "int_in"),
                     ("oldtype", "h_in:MPI_Datatype"), ("newtype", "h_out:MPI_Datatype")],
    "Type_hindexed": [("count", "int_in"), ("array_of_blocklengths", "intarr"),
                      ("array_of_displacements", "intarr"), ("oldtype", "h_in:MPI_Datatype"),
                      ("newtype", "h_out:MPI_Datatype")],
    "Type_struct": [("count", "int_in"), ("array_of_blocklengths", "intarr"),
                    ("array_of_displacements", "intarr"),
                    ("array_of_types", "harr_in:MPI_Datatype"), ("newtype", "h_out:MPI_Datatype")],
}

# Fortran-callable predefined attribute callbacks (defined in oml_fortran.c).
PREDEF_CALLBACKS = ["MPI_NULL_COPY_FN", "MPI_DUP_FN", "MPI_NULL_DELETE_FN",
                    "MPI_COMM_NULL_COPY_FN", "MPI_COMM_DUP_FN", "MPI_COMM_NULL_DELETE_FN",
                    "MPI_TYPE_NULL_COPY_FN", "MPI_TYPE_DUP_FN", "MPI_TYPE_NULL_DELETE_FN",
                    "MPI_WIN_NULL_COPY_FN", "MPI_WIN_DUP_FN", "MPI_WIN_NULL_DELETE_FN"]

# Sentinels: Fortran variables in common blocks whose addresses the C side recognises.
# (name, fortran type for mpif.h/mpi, f08 type, dims, common block)
SENTINELS = [
    ("MPI_BOTTOM", "integer", "integer", "", "mpi_fortran_bottom"),
    ("MPI_IN_PLACE", "integer", "integer", "", "mpi_fortran_in_place"),
    ("MPI_BUFFER_AUTOMATIC", "integer", "integer", "", "mpi_fortran_buffer_automatic"),
    ("MPI_STATUS_IGNORE", "integer", "type(MPI_Status)", "(MPI_STATUS_SIZE)",
     "mpi_fortran_status_ignore"),
    ("MPI_STATUSES_IGNORE", "integer", "type(MPI_Status)", "(MPI_STATUS_SIZE,1)",
     "mpi_fortran_statuses_ignore"),
    ("MPI_ERRCODES_IGNORE", "integer", "integer", "(1)", "mpi_fortran_errcodes_ignore"),
    ("MPI_UNWEIGHTED", "integer", "integer", "(1)", "mpi_fortran_unweighted"),
    ("MPI_WEIGHTS_EMPTY", "integer", "integer", "(1)", "mpi_fortran_weights_empty"),
    ("MPI_ARGV_NULL", "character(len=1)", "character(len=1)", "(1)", "mpi_fortran_argv_null"),
    ("MPI_ARGVS_NULL", "character(len=1)", "character(len=1)", "(1,1)",
     "mpi_fortran_argvs_null"),
]
C_SENTINEL_NAMES = {s[0] for s in SENTINELS} | {"MPI_ARGV_NULL", "MPI_ARGVS_NULL"}


class Param:
    def __init__(self, name, kind, ctype=None, clen=None, const=False):
        self.name = name
        self.kind = kind  # see classify()
        self.ctype = ctype  # the handle's C type for h_* kinds
        self.clen = clen  # C length expression for arrays that are converted
        self.const = const


class Func:
    def __init__(self, name, ret, params, special=False):
        self.name = name
        self.ret = ret
        self.params = params
        self.special = special


def split_args(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += ch in "([" and 1 or 0
        depth -= ch in ")]" and 1 or 0
        cur += ch
    if cur.strip():
        out.append(cur)
    return [a.strip() for a in out]


def parse_param(fname, text):
    t = re.sub(r"\s*\*\s*", " * ", text).strip()
    t = re.sub(r"\s+", " ", t)
    m = re.match(r"^(const )?([A-Za-z_][A-Za-z_0-9 ]*?)((?: \*)*) ([A-Za-z_][A-Za-z_0-9]*)"
                 r"((?:\[\d*\])*)$", t)
    if not m:
        raise SystemExit(f"gen-fortran: cannot parse parameter '{text}' of MPI_{fname}")
    const = m.group(1) is not None
    ctype = m.group(2).strip()
    ptr = m.group(3).count("*")
    name = m.group(4)
    dims = m.group(5)
    return const, ctype, ptr, name, dims


def classify(fname, const, ctype, ptr, name, dims):
    """The Fortran form of one C parameter."""
    arr = dims != ""
    if ctype == "void" and ptr == 1 and name in CHOICE:
        return Param(name, "choice", const=const)
    if ctype == "void" and ptr == 1 and name == "buffer_addr":
        # the detach calls: a choice argument in Fortran, which cannot use the address, so the
        # C side takes the address into a local and writes nothing into the program's buffer
        return Param(name, "addr_out")
    if ctype in HANDLES:
        if arr:
            inout = ctype == "MPI_Request"
            clen = ARRAY_LEN.get((fname, name))
            if clen is None:
                raise SystemExit(f"gen-fortran: no length for handle array {name} of MPI_{fname}")
            kind = "harr_inout" if inout else ("harr_in" if const else "harr_out")
            return Param(name, kind, ctype=ctype, clen=clen)
        if ptr == 0:
            return Param(name, "h_in", ctype=ctype)
        if ptr == 1:
            kind = "h_inout" if (fname, name) in INOUT_HANDLES else "h_out"
            return Param(name, kind, ctype=ctype)
    if ctype == "MPI_Status":
        if arr:
            return Param(name, "status_arr")
        if ptr == 1:
            return Param(name, "status_in" if const else "status_out")
    if ctype == "int":
        if name in ("weights", "sourceweights", "destweights"):
            return Param(name, "weights", const=const)
        if dims == "[][3]":
            return Param(name, "ranges")
        logical = name in LOGICALS
        if ptr == 0 and not arr:
            return Param(name, "log_in" if logical else "int_in")
        if ptr == 1 and not arr:
            return Param(name, "log_out" if logical else "int_out")
        if ptr == 0 and arr:
            if logical and not const:
                clen = ARRAY_LEN.get((fname, name))
                if clen is None:
                    raise SystemExit(f"gen-fortran: no length for {name} of MPI_{fname}")
                return Param(name, "logarr_out", clen=clen)
            return Param(name, "logarr" if logical else "intarr", const=const)
    for ct, k in (("MPI_Aint", "aint"), ("MPI_Count", "count"), ("MPI_Offset", "offset")):
        if ctype == ct:
            if ptr == 0 and not arr:
                return Param(name, k + "_in")
            if ptr == 1 or arr:
                return Param(name, k + ("arr" if arr else "_out"), const=const)
    if ctype == "char" and ptr == 1 and not arr:
        if const:
            return Param(name, "str_in")
        if (fname, name) in STRING_OUT:
            return Param(name, "str_out", clen=STRING_OUT[(fname, name)])
    raise SystemExit(f"gen-fortran: no Fortran rule for parameter '{name}' of MPI_{fname} "
                     f"(C type {'const ' if const else ''}{ctype}{'*' * ptr}{dims}); add one")


def declarations(text):
    """(return type, name, parameter text) of every OMPI_LITE_API(ret, name, (params)) in mpi.h
    (also used by ompi-lite/gen-entry.py)."""
    out = []
    for m in re.finditer(r"^OMPI_LITE_API\(", text, re.M):
        depth, i = 1, m.end()
        while depth > 0:
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        ret, rest = text[m.end():i - 1].split(",", 1)
        name, params = rest.split(",", 1)
        params = params.strip()
        if not (params.startswith("(") and params.endswith(")")):
            raise SystemExit("gen-fortran: cannot read the declaration of MPI_%s" % name.strip())
        out.append((ret.strip(), name.strip(), " ".join(params[1:-1].split())))
    return out


def parse_api(text):
    funcs = []
    for ret, name, args in declarations(text):
        if C_ONLY.match(name):
            continue
        if name in SPECIAL:
            params = []
            for pname, kind in SPECIAL[name]:
                ctype = None
                if ":" in kind:
                    kind, ctype = kind.split(":")
                params.append(Param(pname, kind, ctype=ctype))
            funcs.append(Func(name, ret, params, special=True))
            continue
        params = []
        if args != "void":
            for a in split_args(args):
                params.append(classify(name, *parse_param(name, a)))
        funcs.append(Func(name, ret, params))
    for name, params in FORTRAN_ONLY.items():
        plist = []
        for pname, kind in params:
            ctype = None
            if ":" in kind:
                kind, ctype = kind.split(":")
            plist.append(Param(pname, kind, ctype=ctype))
        funcs.append(Func(name, "int", plist, special=True))
    if len(funcs) < 100:
        raise SystemExit("gen-fortran: found too few functions in mpi.h; has its layout changed?")
    return funcs


def parse_constants(text):
    """Integer and handle constants of mpi.h, in order: (name, value, handle C type or None)."""
    consts, seen = [], {}
    for line in text.splitlines():
        m = re.match(r"#define (MPI_\w+) \(\((MPI_\w+)\)(0x[0-9a-fA-F]+|\d+)\)$", line)
        if m and m.group(2) in HANDLES:
            consts.append((m.group(1), int(m.group(3), 0), m.group(2)))
            seen[m.group(1)] = consts[-1]
            continue
        m = re.match(r"#define (MPI_\w+) (MPI_\w+)$", line)
        if m and m.group(2) in seen:
            consts.append((m.group(1), seen[m.group(2)][1], seen[m.group(2)][2]))
            continue
        m = re.match(r"#define (MPI_\w+) \(?(-?(?:0x[0-9a-fA-F]+|\d+))\)?$", line)
        if m:
            consts.append((m.group(1), int(m.group(2), 0), None))
            continue
    for m in re.finditer(r"\benum\s*\{(.*?)\}", text, re.S):
        for item in m.group(1).split(","):
            mm = re.match(r"\s*(MPI_\w+)\s*=\s*(-?(?:0x[0-9a-fA-F]+|\d+))\s*$", item)
            if mm:
                consts.append((mm.group(1), int(mm.group(2), 0), None))
    out = [c for c in consts if not c[0].startswith("MPI_F_") and c[0] not in C_SENTINEL_NAMES]
    return out


# ---- the C side --------------------------------------------------------------------------------

HANDLE_NULL = {
    "MPI_Comm": "MPI_COMM_NULL", "MPI_Datatype": "MPI_DATATYPE_NULL",
    "MPI_Group": "MPI_GROUP_NULL", "MPI_Request": "MPI_REQUEST_NULL", "MPI_Op": "MPI_OP_NULL",
    "MPI_Info": "MPI_INFO_NULL", "MPI_Errhandler": "MPI_ERRHANDLER_NULL",
    "MPI_Message": "MPI_MESSAGE_NULL", "MPI_Win": "MPI_WIN_NULL", "MPI_File": "MPI_FILE_NULL",
    "MPI_Session": "MPI_SESSION_NULL",
}
C_ARG_TYPE = {
    "aint": "MPI_Aint", "count": "MPI_Count", "offset": "MPI_Offset",
}


def c_wrapper(f, prefix):
    """The Fortran-callable C function of f calling prefix+MPI_<name>."""
    cargs, hidden, pre_h, pre, call, post, cleanup = [], [], [], [], [], [], []
    for p in f.params:
        n, k = p.name, p.kind
        fk = f"OML_FH_{HANDLES[p.ctype]}" if p.ctype else None
        if k == "choice":
            cargs.append(f"void *{n}")
            call.append(f"OML_F_BUF({n})")
        elif k == "addr_out":
            cargs.append(f"void *{n}")
            pre.append(f"void *c_{n} = NULL;")
            pre.append(f"(void){n};")
            call.append(f"&c_{n}")
        elif k in ("int_in", "log_in"):
            cargs.append(f"MPI_Fint *{n}")
            call.append(f"*{n}" if k == "int_in" else f"(*{n} != OML_F_FALSE)")
        elif k in ("int_out", "intarr", "logarr"):
            cargs.append(f"MPI_Fint *{n}")
            call.append(n)
        elif k == "ranges":
            cargs.append(f"MPI_Fint *{n}")
            call.append(f"(int(*)[3]){n}")
        elif k == "weights":
            cargs.append(f"MPI_Fint *{n}")
            call.append(f"OML_F_WEIGHTS({n})")
        elif k == "log_out":
            cargs.append(f"MPI_Fint *{n}")
            pre.append(f"int c_{n} = 0;")
            call.append(f"&c_{n}")
            post.append(f"*{n} = c_{n} ? OML_F_TRUE : OML_F_FALSE;")
        elif k == "logarr_out":
            cargs.append(f"MPI_Fint *{n}")
            call.append(n)
            post.append(f"if (rc == MPI_SUCCESS) oml_f_logicals_out({n}, {p.clen});")
        elif k.endswith("_in") and k[:-3] in C_ARG_TYPE:
            cargs.append(f"{C_ARG_TYPE[k[:-3]]} *{n}")
            call.append(f"*{n}")
        elif k.endswith("_out") and k[:-4] in C_ARG_TYPE:
            cargs.append(f"{C_ARG_TYPE[k[:-4]]} *{n}")
            call.append(n)
        elif k.endswith("arr") and k[:-3] in C_ARG_TYPE:
            cargs.append(f"{C_ARG_TYPE[k[:-3]]} *{n}")
            call.append(n)
        elif k == "h_in":
            cargs.append(f"MPI_Fint *{n}")
            pre_h.append(f"{p.ctype} c_{n} = ({p.ctype})oml_f2c({fk}, *{n});")
            call.append(f"c_{n}")
        elif k == "h_out":
            cargs.append(f"MPI_Fint *{n}")
            pre.append(f"{p.ctype} c_{n} = {HANDLE_NULL[p.ctype]};")
            call.append(f"&c_{n}")
            post.append(f"if (rc == MPI_SUCCESS) *{n} = oml_c2f_ref({fk}, c_{n});")
        elif k == "h_inout":
            cargs.append(f"MPI_Fint *{n}")
            pre.append(f"{p.ctype} c_{n} = ({p.ctype})oml_f2c({fk}, *{n});")
            call.append(f"&c_{n}")
            post.append(f"*{n} = oml_f_update({fk}, *{n}, c_{n});")
        elif k in ("harr_in", "harr_out", "harr_inout"):
            cargs.append(f"MPI_Fint *{n}")
            pre.append(f"{p.ctype} c_{n}_small[OML_F_SMALL];")
            pre.append(f"int n_{n} = {n} != NULL ? {p.clen} : 0;")
            pre.append(f"{p.ctype} *c_{n} = oml_f_harr(c_{n}_small, n_{n}, sizeof(*c_{n}));")
            pre.append(f"if (c_{n} == NULL) {{ if (ierror != NULL) *ierror = "
                       f"oml_f_nomem(\"MPI_{f.name}\"); return; }}")
            if k != "harr_out":
                pre.append(f"for (int i = 0; i < n_{n}; i++) c_{n}[i] = "
                           f"({p.ctype})oml_f2c({fk}, {n}[i]);")
            call.append(f"c_{n}")
            if k == "harr_inout":
                post.append(f"for (int i = 0; i < n_{n}; i++) {n}[i] = "
                            f"oml_f_update({fk}, {n}[i], c_{n}[i]);")
            elif k == "harr_out":
                post.append(f"if (rc == MPI_SUCCESS) for (int i = 0; i < n_{n}; i++) {n}[i] = "
                            f"oml_c2f_ref({fk}, c_{n}[i]);")
            cleanup.append(f"if (c_{n} != c_{n}_small) free(c_{n});")
        elif k in ("status_in", "status_out"):
            cargs.append(f"MPI_Fint *{n}")
            call.append(f"OML_F_STATUS({n})")
        elif k == "status_arr":
            cargs.append(f"MPI_Fint *{n}")
            call.append(f"OML_F_STATUSES({n})")
        elif k == "str_in":
            cargs.append(f"const char *{n}")
            hidden.append(f"size_t {n}_len")
            conv = "oml_f_info_str_in" if f.name.startswith("Info_") else "oml_f_str_in"
            pre.append(f"char *c_{n} = {conv}({n}, {n}_len);")
            pre.append(f"if (c_{n} == NULL) {{ if (ierror != NULL) *ierror = "
                       f"oml_f_nomem(\"MPI_{f.name}\"); return; }}")
            call.append(f"c_{n}")
            cleanup.append(f"free(c_{n});")
        elif k == "str_out":
            cargs.append(f"char *{n}")
            hidden.append(f"size_t {n}_len")
            pre.append(f"char c_{n}[{p.clen} + 1];")
            pre.append(f"c_{n}[0] = '\\0';")
            call.append(f"c_{n}")
            post.append(f"if (rc == MPI_SUCCESS) oml_f_str_out({n}, {n}_len, c_{n});")
        else:
            raise SystemExit(f"gen-fortran: no C rule for kind {k}")
    name = f"{prefix.lower()}mpi_{f.name.lower()}_"
    cfn = f"{prefix}MPI_{f.name}"
    f08 = f"{prefix.lower()}mpi_{f.name.lower()}_f08_"
    if f.ret in ("double", "MPI_Aint"):
        args = ", ".join(cargs) or "void"
        sig = f"{f.ret} {name}({args})"
        return (f"OML_F_API {sig};\nOML_F_API {sig}\n{{\n    return {cfn}({', '.join(call)});\n}}\n"
                f"OML_F_API {f.ret} {f08}({args})\n    __attribute__((alias(\"{name}\")));\n")
    args = ", ".join(cargs + ["MPI_Fint *ierror"] + hidden)
    sig = f"void {name}({args})"
    body = [f"    {line}" for line in pre_h + pre]
    body.append(f"    int rc = {cfn}({', '.join(call)});")
    body += [f"    {line}" for line in post]
    if f.name in INDEX_FIXUPS:
        body.append(f"    if (rc == MPI_SUCCESS) {INDEX_FIXUPS[f.name]};")
    body += [f"    {line}" for line in cleanup]
    body.append("    if (ierror != NULL)")
    body.append("        *ierror = rc;")
    text = f"OML_F_API {sig};\nOML_F_API {sig}\n{{\n" + "\n".join(body) + "\n}\n"
    text += (f"OML_F_API void {f08}({args})\n    __attribute__((alias(\"{name}\")));\n")
    return text


def gen_c(funcs):
    out = ["/* Generated by ompi-lite/fortran/gen-fortran.py from mpi.h: do not edit. */",
           "#define OML_ENTRY_NO_RENAME", '#include "oml_fortran.h"', "", "#include <stdlib.h>", ""]
    for f in funcs:
        if f.special:
            continue
        out.append(c_wrapper(f, ""))
        out.append(c_wrapper(f, "P"))
    return "\n".join(out)


# ---- the Fortran side --------------------------------------------------------------------------

def f_decl(p, f08):
    """Declaration lines of one dummy argument."""
    n, k = p.name, p.kind
    if k in ("choice", "addr_out"):
        return [f"!GCC$ ATTRIBUTES NO_ARG_CHECK :: {n}", f"type(*), dimension(*) :: {n}"]
    if k == "int_in":
        return [f"integer, intent(in) :: {n}"]
    if k == "int_out":
        return [f"integer :: {n}"]
    if k in ("intarr", "weights"):
        return [f"integer :: {n}(*)"]
    if k == "ranges":
        return [f"integer :: {n}(3,*)"]
    if k == "log_in":
        return [f"logical, intent(in) :: {n}"]
    if k == "log_out":
        return [f"logical :: {n}"]
    if k in ("logarr", "logarr_out"):
        return [f"logical :: {n}(*)"]
    for ck, kind in (("aint", "MPI_ADDRESS_KIND"), ("count", "MPI_COUNT_KIND"),
                     ("offset", "MPI_OFFSET_KIND")):
        if k == ck + "_in":
            return [f"integer(kind={kind}), intent(in) :: {n}"]
        if k == ck + "_out":
            return [f"integer(kind={kind}) :: {n}"]
        if k == ck + "arr":
            return [f"integer(kind={kind}) :: {n}(*)"]
    if k == "cptr_out":
        return [f"type(c_ptr) :: {n}"] if f08 else [f"integer(kind=MPI_ADDRESS_KIND) :: {n}"]
    if k.startswith("h"):
        t = f"type({p.ctype})" if f08 else "integer"
        intent = ", intent(in)" if k in ("h_in", "harr_in") else ""
        dim = "(*)" if k.startswith("harr") else ""
        return [f"{t}{intent} :: {n}{dim}"]
    if k in ("status_in", "status_out"):
        return [f"type(MPI_Status) :: {n}"] if f08 else [f"integer :: {n}(MPI_STATUS_SIZE)"]
    if k == "status_arr":
        return ([f"type(MPI_Status) :: {n}(*)"] if f08
                else [f"integer :: {n}(MPI_STATUS_SIZE,*)"])
    if k == "str_in":
        return [f"character(len=*), intent(in) :: {n}"]
    if k == "strarr_in":
        return [f"character(len=*), intent(in) :: {n}(*)"]
    if k == "strarr2_in":  # one row per command (MPI_Comm_spawn_multiple's argv)
        return [f"character(len=*), intent(in) :: {n}(count, *)"]
    if k == "str_out":
        return [f"character(len=*) :: {n}"]
    if k == "proc":
        return [f"external :: {n}"]
    raise SystemExit(f"gen-fortran: no Fortran rule for kind {k}")


def wrap(line, indent):
    """Free-form continuation for lines past 100 columns."""
    if len(indent + line) <= 100:
        return [indent + line]
    out, cur = [], indent + line
    while len(cur) > 100:
        cut = cur.rfind(",", 0, 98) + 1
        out.append(cur[:cut] + " &")
        cur = indent + "    " + cur[cut:].lstrip()
    out.append(cur)
    return out


def f_interface(f, fname, f08):
    names = [p.name for p in f.params]
    ierr = f.name not in NO_IERROR and f.ret == "int"
    if ierr:
        names.append("ierror")
    lines = []
    if f.ret == "double":
        lines.append(f"function {fname}() result(r)")
        body = ["import", "double precision :: r"]
    elif f.ret == "MPI_Aint":
        lines += wrap(f"function {fname}({', '.join(names)}) result(r)", "")
        body = ["import", "integer(kind=MPI_ADDRESS_KIND) :: r"]
    else:
        lines += wrap(f"subroutine {fname}({', '.join(names)})", "")
        body = ["import"]
    for p in f.params:
        body += f_decl(p, f08)
    if ierr:
        body.append("integer, optional, intent(out) :: ierror" if f08 else "integer :: ierror")
    for b in body:
        lines += wrap(b, "    ")
    lines.append(f"end {'function' if f.ret in ('double', 'MPI_Aint') else 'subroutine'}")
    return lines


def fixed_lines(consts):
    """mpif.h: usable from fixed form (columns 7-72) and free form alike."""
    out = ["! mpif.h of ompi-lite: generated by ompi-lite/fortran/gen-fortran.py",
           "! from mpi.h; do not edit. Usable from fixed and free form."]
    for name, value, _ in consts + fortran_consts():
        out.append(f"      integer {name}")
        out.append(f"      parameter ({name}={value})")
    out.append("      integer MPI_ADDRESS_KIND, MPI_OFFSET_KIND, MPI_COUNT_KIND")
    out.append("      parameter (MPI_ADDRESS_KIND=8)")
    out.append("      parameter (MPI_OFFSET_KIND=8)")
    out.append("      parameter (MPI_COUNT_KIND=8)")
    for name, value in OFFSET_CONSTS:
        out.append(f"      integer(kind=MPI_OFFSET_KIND) {name}")
        out.append(f"      parameter ({name}={value})")
    out.append("      logical MPI_SUBARRAYS_SUPPORTED")
    out.append("      parameter (MPI_SUBARRAYS_SUPPORTED=.false.)")
    out.append("      logical MPI_ASYNC_PROTECTS_NONBLOCKING")
    out.append("      parameter (MPI_ASYNC_PROTECTS_NONBLOCKING=.false.)")
    for name, ftype, _, dims, common in SENTINELS:
        out.append(f"      {ftype} {name}{dims}")
        out.append(f"      common /{common}/ {name}")
    out.append("      external MPI_WTIME, MPI_WTICK, PMPI_WTIME, PMPI_WTICK")
    out.append("      double precision MPI_WTIME, MPI_WTICK, PMPI_WTIME, PMPI_WTICK")
    out.append("      external MPI_AINT_ADD, MPI_AINT_DIFF")
    out.append("      integer(kind=MPI_ADDRESS_KIND) MPI_AINT_ADD, MPI_AINT_DIFF")
    for name in PREDEF_CALLBACKS:
        out.append(f"      external {name}")
    for line in out:
        if len(line) > 72:
            raise SystemExit(f"gen-fortran: mpif.h line longer than 72 columns: {line}")
    return out


# Constants of kind MPI_OFFSET_KIND (mpi.h defines them as MPI_Offset casts).
OFFSET_CONSTS = [("MPI_DISPLACEMENT_CURRENT", -1)]


def fortran_consts():
    return [("MPI_STATUS_SIZE", 8, None), ("MPI_SOURCE", 1, None), ("MPI_TAG", 2, None),
            ("MPI_ERROR", 3, None), ("MPI_INTEGER_KIND", 4, None)]


def gen_mpif(consts):
    return "\n".join(fixed_lines(consts)) + "\n"


def sizeof_kinds():
    """The intrinsic (type, kind) pairs gfortran has here, for MPI_Sizeof."""
    reals = [4, 8, 16] + ([10] if platform.machine() in ("x86_64", "i686", "i386") else [])
    out = [("integer", k) for k in (1, 2, 4, 8, 16)]
    out += [("real", k) for k in reals] + [("complex", k) for k in reals]
    out += [("logical", k) for k in (1, 2, 4, 8)]
    return out


def sizeof_interfaces():
    """The generic MPI_Sizeof (and PMPI_Sizeof): one specific per type and kind, any rank."""
    names = [f"oml_sizeof_{t}{k}" for t, k in sizeof_kinds()] + ["oml_sizeof_character"]
    out = []
    for g in ("MPI_Sizeof", "PMPI_Sizeof"):
        out.append(f"    interface {g}")
        out += wrap("module procedure " + ", ".join(names), "        ")
        out.append(f"    end interface {g}")
    return out


def sizeof_procedures(f08):
    """The specifics behind MPI_Sizeof: the bytes of one element of x (assumed rank)."""
    opt = ", optional" if f08 else ""
    out = []
    for t, k in sizeof_kinds() + [("character", None)]:
        name = f"oml_sizeof_{t}{k if k is not None else ''}"
        decl = f"{t}(kind={k})" if k is not None else "character(len=*)"
        out += [f"    subroutine {name}(x, size, ierror)",
                f"        {decl}, dimension(..), intent(in) :: x",
                "        integer, intent(out) :: size",
                f"        integer, intent(out){opt} :: ierror",
                "        size = int(storage_size(x) / 8)"]
        out += (["        if (present(ierror)) ierror = 0"] if f08 else ["        ierror = 0"])
        out.append("    end subroutine")
    return out


def gen_mpi_module(funcs, consts):
    out = ["! module mpi of ompi-lite, generated by ompi-lite/fortran/gen-fortran.py: do not edit.",
           "module mpi", "    implicit none", "    public"]
    for name, value, _ in consts + fortran_consts():
        out.append(f"    integer, parameter :: {name} = {value}")
    out += ["    integer, parameter :: MPI_ADDRESS_KIND = 8, MPI_OFFSET_KIND = 8",
            "    integer, parameter :: MPI_COUNT_KIND = 8",
            "    logical, parameter :: MPI_SUBARRAYS_SUPPORTED = .false.",
            "    logical, parameter :: MPI_ASYNC_PROTECTS_NONBLOCKING = .false."]
    out += [f"    integer(kind=MPI_OFFSET_KIND), parameter :: {n} = {v}" for n, v in OFFSET_CONSTS]
    for name, ftype, _, dims, common in SENTINELS:
        out.append(f"    {ftype} :: {name}{dims}")
        out.append(f"    common /{common}/ {name}")
    out += wrap("external :: " + ", ".join(PREDEF_CALLBACKS), "    ")
    out.append("    interface")
    for f in funcs:
        for prefix in ("", "P"):
            out += ["    " + line for line in f_interface(f, f"{prefix}MPI_{f.name}", False)]
    out.append("    end interface")
    out += sizeof_interfaces()
    out.append("contains")
    out += sizeof_procedures(False)
    out.append("end module mpi")
    return "\n".join(out) + "\n"


def gen_mpi_f08_module(funcs, consts):
    types = sorted(set(HANDLES))
    out = ["! module mpi_f08 of ompi-lite, generated by ompi-lite/fortran/gen-fortran.py: "
           "do not edit.",
           "module mpi_f08", "    use, intrinsic :: iso_c_binding, only: c_int, c_ptr",
           "    implicit none", "    private :: c_int", "    public"]
    for t in types:
        out += [f"    type, bind(C) :: {t}", "        integer(c_int) :: MPI_VAL",
                f"    end type {t}"]
    out += ["    type, bind(C) :: MPI_Status",
            "        integer(c_int) :: MPI_SOURCE, MPI_TAG, MPI_ERROR",
            "        integer(c_int) :: MPI_internal(5)",
            "    end type MPI_Status"]
    for name, value, handle in consts:
        if handle:
            out.append(f"    type({handle}), parameter :: {name} = {handle}({value})")
        else:
            out.append(f"    integer, parameter :: {name} = {value}")
    out += ["    integer, parameter :: MPI_STATUS_SIZE = 8, MPI_INTEGER_KIND = 4",
            "    integer, parameter :: MPI_ADDRESS_KIND = 8, MPI_OFFSET_KIND = 8",
            "    integer, parameter :: MPI_COUNT_KIND = 8",
            "    logical, parameter :: MPI_SUBARRAYS_SUPPORTED = .false.",
            "    logical, parameter :: MPI_ASYNC_PROTECTS_NONBLOCKING = .false."]
    out += [f"    integer(kind=MPI_OFFSET_KIND), parameter :: {n} = {v}" for n, v in OFFSET_CONSTS]
    for name, _, f08type, dims, common in SENTINELS:
        if f08type.startswith("type"):
            dims = "(1)" if dims.endswith(",1)") else ""
        out.append(f"    {f08type} :: {name}{dims}")
        out.append(f"    common /{common}/ {name}")
    out += wrap("external :: " + ", ".join(PREDEF_CALLBACKS), "    ")
    for op, fn in (("==", "eq"), ("/=", "ne")):
        out.append(f"    interface operator({op})")
        out += wrap("module procedure " + ", ".join(f"oml_{fn}_{t[4:].lower()}" for t in types),
                    "        ")
        out.append("    end interface")
    for f in funcs:
        for prefix in ("", "P"):
            gname = f"{prefix}MPI_{f.name}"
            out.append(f"    interface {gname}")
            out += ["        " + line for line in f_interface(f, f"{gname}_f08", True)]
            out.append(f"    end interface {gname}")
    out += sizeof_interfaces()
    out.append("contains")
    out += sizeof_procedures(True)
    for t in types:
        for fn, cmp in (("eq", "=="), ("ne", "/=")):
            out += [f"    elemental logical function oml_{fn}_{t[4:].lower()}(a, b)",
                    f"        type({t}), intent(in) :: a, b",
                    f"        oml_{fn}_{t[4:].lower()} = a%MPI_VAL {cmp} b%MPI_VAL",
                    "    end function"]
    out.append("end module mpi_f08")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: gen-fortran.py MPI_H OUTDIR")
    with open(sys.argv[1]) as fh:
        text = fh.read()
    funcs = parse_api(text)
    consts = parse_constants(text)
    outdir = sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    files = {
        "mpi_fortran.c": gen_c(funcs),
        "mpif.h": gen_mpif(consts),
        "mpi.f90": gen_mpi_module(funcs, consts),
        "mpi_f08.f90": gen_mpi_f08_module(funcs, consts),
    }
    for name, content in files.items():
        path = os.path.join(outdir, name)
        tmp = path + ".tmp"
        with open(tmp, "w") as fh:
            fh.write(content)
        os.replace(tmp, path)


if __name__ == "__main__":
    main()
