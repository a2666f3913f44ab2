"""Hand-written article paragraphs shared by the plain-text tests: a body to put page
furniture (menus, titles, bylines, captions) around."""

HARBOUR_PARAS = [
    "The regional harbour authority on Monday approved a £40m expansion of the container port, "
    "ending a two-year dispute with residents over noise and lorry traffic.",
    "The plan adds two deep-water berths and a rail link, and the authority said work would start "
    "in the autumn once the final contracts had been signed with the builders.",
    "Residents' groups, which had fought the scheme at two public inquiries, said they were "
    "disappointed but would not challenge the decision in court.",
    "Shipping lines welcomed the approval and said larger vessels would be able to call at the "
    "port for the first time since the nineteen-nineties.",
]
