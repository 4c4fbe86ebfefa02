"""Dashboard reviews: a stall answers and reports its reviews; platform staff decide what is hidden."""
