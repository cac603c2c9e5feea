from yrkesresan.billing.tests.test_peppol import *  # noqa
def test_dump(december, dalarna, avesta):
    open("/tmp/inv.xml","wb").write(peppol_invoice_xml(december))
    b = issued_basis(dalarna, avesta, [fee("Anna Ek", DEC_3), pot_payout("-5000.00")], number="X-1")
    open("/tmp/cn.xml","wb").write(peppol_invoice_xml(b))
