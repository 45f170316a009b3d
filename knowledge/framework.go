package knowledge

// TraitMethod names a method of a trait.
type TraitMethod struct {
	Trait, Method string
	Source        string
}

// FrameworkPolled are trait methods whose framework polls them again after every event it
// delivers through the trait's other methods (libp2p's swarm polls the behaviour and the
// connection handlers after each event): their Pending needs no waker of its own. They only
// quiet pending_without_waker, so they give no trigger words.
var FrameworkPolled = []TraitMethod{
	{Trait: "NetworkBehaviour", Method: "poll", Source: "libp2p-swarm docs: NetworkBehaviour::poll (the Swarm polls it after every event)"},
	{Trait: "ConnectionHandler", Method: "poll", Source: "libp2p-swarm docs: ConnectionHandler::poll (polled by the connection after every event)"},
}
