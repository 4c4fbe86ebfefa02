// Mount GraphiQL against this endpoint; paste `Authorization: Bearer <token>` in the headers tab.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, shouldPersistHeaders: true }));
})();
