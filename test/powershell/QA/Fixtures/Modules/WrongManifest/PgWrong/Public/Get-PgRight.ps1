function Get-PgRight {
    <#
    .SYNOPSIS
        Returns a string.

    .DESCRIPTION
        Returns the string 'right' so that only the manifest of this fixture is wrong.

    .EXAMPLE
        Get-PgRight

        Returns 'right'.

    .OUTPUTS
        System.String
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param ()

    'right'
}
