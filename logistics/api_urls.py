from django.urls import path

from .apis import distributions, donations, requests, stock

urlpatterns = [
    path("logistics/locations/", stock.LocationListCreateApi.as_view(), name="api-logistics-location-list"),
    path("logistics/locations/<int:pk>/", stock.LocationDetailApi.as_view(), name="api-logistics-location-detail"),
    path("logistics/items/", stock.ItemListApi.as_view(), name="api-logistics-item-list"),
    path("logistics/stock/", stock.BalanceListApi.as_view(), name="api-logistics-stock"),
    path("logistics/stock/position/", stock.StockPositionApi.as_view(), name="api-logistics-position"),
    path("logistics/stock/card/", stock.StockCardApi.as_view(), name="api-logistics-stock-card"),
    path("logistics/stock/expiring/", stock.ExpiringListApi.as_view(), name="api-logistics-expiring"),
    path("logistics/stock/low/", stock.LowStockApi.as_view(), name="api-logistics-low"),
    path("logistics/stock/counts/", stock.StockCountApi.as_view(), name="api-logistics-count"),
    path("logistics/warehouses/map/", stock.WarehouseMapApi.as_view(), name="api-logistics-map"),
    path("logistics/moves/", stock.MoveListCreateApi.as_view(), name="api-logistics-move-list"),
    path("logistics/moves/<int:pk>/", stock.MoveDetailApi.as_view(), name="api-logistics-move-detail"),
    path("logistics/moves/<int:pk>/reverse/", stock.MoveReverseApi.as_view(), name="api-logistics-move-reverse"),
    path("logistics/requests/", requests.RequestListCreateApi.as_view(), name="api-logistics-request-list"),
    path("logistics/requests/<int:pk>/", requests.RequestDetailApi.as_view(), name="api-logistics-request-detail"),
    path(
        "logistics/requests/<int:pk>/decide/", requests.RequestDecideApi.as_view(), name="api-logistics-request-decide"
    ),
    path(
        "logistics/requests/<int:pk>/picking/",
        requests.RequestPickingApi.as_view(),
        name="api-logistics-request-picking",
    ),
    path(
        "logistics/requests/<int:pk>/dispatch/",
        requests.RequestDispatchApi.as_view(),
        name="api-logistics-request-dispatch",
    ),
    path("logistics/dispatches/", requests.DispatchListApi.as_view(), name="api-logistics-dispatch-list"),
    path("logistics/dispatches/<int:pk>/", requests.DispatchDetailApi.as_view(), name="api-logistics-dispatch-detail"),
    path(
        "logistics/dispatches/<int:pk>/note.pdf", requests.DispatchNoteApi.as_view(), name="api-logistics-dispatch-note"
    ),
    path(
        "logistics/dispatches/<int:pk>/receive/",
        requests.DispatchReceiveApi.as_view(),
        name="api-logistics-dispatch-receive",
    ),
    path("logistics/donations/", donations.DonationListCreateApi.as_view(), name="api-logistics-donation-list"),
    path("logistics/donations/by-donor/", donations.DonorTotalsApi.as_view(), name="api-logistics-donor-totals"),
    path("logistics/donations/<int:pk>/", donations.DonationDetailApi.as_view(), name="api-logistics-donation-detail"),
    path(
        "logistics/donations/<int:pk>/receipt.pdf",
        donations.DonationReceiptApi.as_view(),
        name="api-logistics-donation-receipt",
    ),
    path(
        "logistics/distributions/", distributions.DistributionSummaryApi.as_view(), name="api-logistics-distributions"
    ),
    path("logistics/distributions/hxl.csv", distributions.DistributionHxlApi.as_view(), name="api-logistics-hxl"),
]
