"""The nation's organisations: regions (one RSS per county) → municipalities → units.

The nation is the root and has no row. "Is X inside Y" is one cheap comparison because
every unit carries its region as well as its municipality.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A county's regional support structure (RSS), e.g. Region Dalarna."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    county_code = models.CharField(_("county code"), max_length=2, unique=True, help_text=_("SCB county code, e.g. 20"))
    #: Swedish organisation number (NNNNNN-NNNN): who sends the region's invoices (Peppol party id, scheme 0007).
    organisation_number = models.CharField(_("organisation number"), max_length=11, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )
    name = models.CharField(_("name"), max_length=120)
    scb_code = models.CharField(_("municipality code"), max_length=4, unique=True)
    #: Swedish organisation number (212000-NNNN for a municipality): who receives its invoices.
    organisation_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    #: The main town's position (WGS 84), so that trainers can be offered nearest first. Empty: unknown.
    latitude = models.DecimalField(_("latitude"), max_digits=10, decimal_places=7, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=10, decimal_places=7, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name


class Population(models.Model):
    """Inhabitants of a municipality on 31 December of ``year`` (SCB): the basis of cost splits."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveIntegerField(_("inhabitants"), validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["municipality__name", "-year"]
        verbose_name = _("population")
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="population_one_per_year")]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.count}"


class Unit(models.Model):
    """A workplace (enhet) in a municipality."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="units"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    name = models.CharField(_("name"), max_length=160)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unit_unique_name_in_municipality")
        ]

    def __str__(self) -> str:
        return self.name
